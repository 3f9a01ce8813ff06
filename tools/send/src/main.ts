// Entry point of `npm run send -- <source> <type> [options]`; see cli.ts for the options.
import { run } from './cli.js';

process.exitCode = await run(process.argv.slice(2), process.env, (line) => console.log(line));
