// `npm run bench`: runs every suite once and prints one markdown table of figures beside baselines
// measured in the same run, on this machine.
import 'reflect-metadata';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { BenchRow, BenchSuite } from './bench.types.js';
import { outboundSuite } from './outbound.bench.js';
import { toMarkdownTable } from './stats.js';

const root = join(import.meta.dirname, '..', '..', '..');
const suites: BenchSuite[] = [outboundSuite(root)];

const rows: BenchRow[] = [];
for (const suite of suites) {
  process.stderr.write(`running ${suite.name}…\n`);
  rows.push(...(await suite.run()));
}
process.stdout.write(`\n${toMarkdownTable(rows)}\n\nNode ${process.version}, ${cpus().length} CPU(s): ${cpus()[0]?.model ?? 'unknown'}\n`);
process.exit(0);
