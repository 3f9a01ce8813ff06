#!/usr/bin/env node
// `api-report [--update]`, run in a library's folder (its `api-report` script, after its build):
// the public API of each entry point against its reviewed report in `api/`. Node 24 runs this
// TypeScript directly (erasable syntax only, `.ts` imports).
import { entryPointsOf } from './entry-points.ts';
import { runReport } from './report.ts';

const update = process.argv.includes('--update');
try {
  let failed = false;
  for (const entryPoint of entryPointsOf(process.cwd())) {
    const { changed, errors, diff } = runReport(entryPoint, update);
    const where = `api/${entryPoint.reportFileName}`;
    if (errors.length > 0) {
      failed = true;
      console.error(`${entryPoint.importPath}: the report could not be made:\n- ${errors.join('\n- ')}`);
    } else if (changed && !update) {
      failed = true;
      console.error(
        `${entryPoint.importPath}: the public API differs from ${where}. If the change is meant, run ` +
          '`npm run api-report -- --update` and commit the report, so the change shows in review.\n' +
          (diff ?? ''),
      );
    } else {
      console.log(`${entryPoint.importPath}: ${changed ? `${where} updated` : `matches ${where}`}`);
    }
  }
  if (failed) process.exitCode = 1;
} catch (error) {
  console.error(`api-report: ${(error as Error).message}`);
  process.exitCode = 1;
}
