import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as ApiExtractor from '@microsoft/api-extractor';
import { REPORT_FOLDER, type EntryPoint } from './entry-points.ts';

// API Extractor is CommonJS; its named exports are read through require.
const { Extractor, ExtractorConfig, ExtractorLogLevel } = createRequire(import.meta.url)(
  '@microsoft/api-extractor',
) as typeof ApiExtractor;

/** What one entry point's run found. */
export interface ReportResult {
  entryPoint: EntryPoint;
  /** The API differs from the reviewed report (written there when updating). */
  changed: boolean;
  /** Compiler or extractor errors: the report could not be made. */
  errors: string[];
  /** When changed and not updating: the unified diff from the reviewed report to the API now. */
  diff?: string;
}

/**
 * Runs API Extractor over one entry point's built declarations. `update` writes the report into the
 * package's `api/` folder (a local build); otherwise the report is made in a temporary folder and
 * compared with the checked-in one, which is how CI notices an unreviewed change of the public API.
 * Release tags (`@public`, `@beta`) are not used here, and our JSDoc is not TSDoc-strict, so those
 * messages are off; an exported symbol that refers to an unexported type is kept as a note in the report.
 */
export function runReport(entryPoint: EntryPoint, update: boolean): ReportResult {
  const temp = mkdtempSync(join(tmpdir(), 'api-report-'));
  const errors: string[] = [];
  if (update) mkdirSync(join(entryPoint.packageDir, REPORT_FOLDER), { recursive: true });
  try {
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: entryPoint.packageDir,
        mainEntryPointFilePath: entryPoint.declarations,
        compiler: {
          overrideTsconfig: {
            compilerOptions: {
              module: 'nodenext',
              moduleResolution: 'nodenext',
              target: 'es2023',
              lib: ['es2023'],
              types: ['node'],
              strict: true,
              skipLibCheck: true,
              experimentalDecorators: true,
            },
            files: [entryPoint.declarations],
          },
        },
        apiReport: {
          enabled: true,
          reportFileName: entryPoint.reportFileName.replace(/\.api\.md$/, ''),
          reportFolder: join(entryPoint.packageDir, REPORT_FOLDER),
          reportTempFolder: temp,
        },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          extractorMessageReporting: {
            default: { logLevel: ExtractorLogLevel.Warning, addToApiReportFile: true },
            'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
            // Members that implement a documented interface method would each be flagged.
            'ae-undocumented': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
          },
          tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None, addToApiReportFile: false } },
        },
      },
      configObjectFullPath: undefined,
      packageJsonFullPath: join(entryPoint.packageDir, 'package.json'),
    });
    const result = Extractor.invoke(config, {
      localBuild: update,
      messageCallback: (message) => {
        if (message.logLevel === ExtractorLogLevel.Error) errors.push(message.text);
        // Reported in the file (or beside it) instead of on the console.
        message.handled = message.logLevel !== ExtractorLogLevel.Error;
      },
    });
    const changed = result.apiReportChanged;
    return {
      entryPoint,
      changed,
      errors,
      ...(changed && !update ? { diff: diffOf(config, entryPoint.reportFileName) } : {}),
    };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** `diff -u` of the reviewed report and the one made now (a missing report diffs as empty). */
function diffOf(config: ApiExtractor.ExtractorConfig, fileName: string): string {
  const reviewed = join(config.reportFolder, fileName);
  const current = join(config.reportTempFolder, fileName);
  return spawnSync('diff', ['-u', existsSync(reviewed) ? reviewed : '/dev/null', current], {
    encoding: 'utf8',
  }).stdout;
}
