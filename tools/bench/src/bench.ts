// `npm run bench`: runs every suite once and prints one markdown table of figures beside baselines
// measured in the same run, on this machine. `npm run bench -- ingest` (or `-- publish`) runs only the
// suites whose name contains one of the given words.
import 'reflect-metadata';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { BenchRow, BenchSuite } from './bench.types.js';
import { historySuite } from './history.bench.js';
import { ingestSuite } from './ingest.bench.js';
import { outboundSuite } from './outbound.bench.js';
import { publishSuite } from './publish.bench.js';
import { toMarkdownTable } from './stats.js';

const root = join(import.meta.dirname, '..', '..', '..');
const only = process.argv.slice(2);
const suites: BenchSuite[] = [
  outboundSuite(root),
  ingestSuite(root),
  publishSuite(root),
  historySuite(root),
].filter((suite) => only.length === 0 || only.some((word) => suite.name.includes(word)));
if (suites.length === 0) throw new Error(`no suite matches ${only.join(', ')}`);

const rows: BenchRow[] = [];
for (const suite of suites) {
  process.stderr.write(`running ${suite.name}…\n`);
  rows.push(...(await suite.run()));
}
process.stdout.write(
  `\n${toMarkdownTable(rows)}\n\nNode ${process.version}, ${cpus().length} CPU(s): ${cpus()[0]?.model ?? 'unknown'}\n`,
);
process.exit(0);
