// `node tools/bench/dist/profile-report.js <file.cpuprofile>… [--top <n>] [--per <requests>]
// [--under <regex>]`: prints, for each V8 CPU profile (`BENCH_CPU_PROF=<dir> npm run bench --
// publish`), how busy the thread was and where its busy time went, by package (self and inclusive)
// and by frame, as shares of the busy time; `--per` adds µs per request, `--under` the time in or
// under frames whose function name matches (`--under 'ValidationPipe|transform$'`).
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { summariseProfile, type CpuProfile, type TimeShare } from './cpu-profile.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '15' },
    per: { type: 'string' },
    under: { type: 'string' },
  },
});
const top = Number(values.top);
const per = values.per === undefined ? null : Number(values.per);
if (positionals.length === 0) {
  process.stderr.write('usage: profile-report <file.cpuprofile>… [--top <n>] [--per <requests>]\n');
  process.exit(2);
}

for (const file of positionals) {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const summary = summariseProfile(profile, values.under ? new RegExp(values.under) : undefined);
  const total = summary.totalMicros;
  const busy = total - summary.idleMicros;
  const share = (micros: number): string => `${((100 * micros) / busy).toFixed(1)} %`;
  const perRequest = (micros: number): string => (per ? ` ${(micros / per).toFixed(1)} µs/req` : '');
  const lines = (title: string, rows: TimeShare[]): string[] => [
    title,
    ...rows
      .filter((row) => !/^\((root|idle)\)/.test(row.name))
      .slice(0, top)
      .map((row) => `  ${share(row.micros).padStart(7)}${perRequest(row.micros)}  ${row.name}`),
  ];
  process.stdout.write(
    [
      `${basename(file)}: ${(total / 1e6).toFixed(1)} s sampled, busy ${((100 * busy) / total).toFixed(1)} %` +
        `${perRequest(busy)}; shares below are of the busy time`,
      ...lines('self time by package', summary.selfByPackage),
      ...lines('time in or under each package', summary.inclusiveByPackage),
      ...lines('self time by frame', summary.selfByFrame),
      ...(values.under ? lines(`time in or under /${values.under}/`, summary.underFrames) : []),
      '',
    ].join('\n'),
  );
}
