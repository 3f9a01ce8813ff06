import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { entryPointsOf } from './entry-points.ts';
import { runReport } from './report.ts';

const write = (path: string, content: unknown) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
};

describe('api-report (a package in a temporary folder, real API Extractor)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'api-report-spec-'));
    write(join(dir, 'package.json'), {
      name: '@org/lib',
      version: '1.0.0',
      exports: {
        '.': { '@org/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' },
        './extra': { types: './dist/extra.d.ts', default: './dist/extra.js' },
        './internal': { '@org/source': './src/internal.ts' },
      },
    });
    write(
      join(dir, 'dist', 'index.d.ts'),
      '/** Adds. */\nexport declare function add(a: number, b: number): number;\n',
    );
    write(join(dir, 'dist', 'extra.d.ts'), '/** A constant. */\nexport declare const EXTRA = 1;\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports every shipped entry point named after the package, and none for workspace-only ones', () => {
    expect(entryPointsOf(dir).map(({ importPath, reportFileName }) => [importPath, reportFileName])).toEqual([
      ['@org/lib', 'lib.api.md'],
      ['@org/lib/extra', 'lib-extra.api.md'],
    ]);
  });

  it('refuses a private package', () => {
    write(join(dir, 'package.json'), { name: '@org/app', private: true });
    expect(() => entryPointsOf(dir)).toThrow('@org/app is private: it has no public API to report');
  });

  it('writes the report on --update, then notices an export added since, with its diff', () => {
    const [root] = entryPointsOf(dir);
    expect(runReport(root, true)).toMatchObject({ changed: true, errors: [] });
    const report = readFileSync(join(dir, 'api', 'lib.api.md'), 'utf8');
    expect(report).toContain('export function add(a: number, b: number): number;');
    expect(runReport(root, false)).toMatchObject({ changed: false, errors: [] });

    write(
      join(dir, 'dist', 'index.d.ts'),
      '/** Adds. */\nexport declare function add(a: number, b: number): number;\n/** Leaked. */\nexport declare const internalState: Map<string, number>;\n',
    );
    const result = runReport(root, false);
    expect(result.changed).toBe(true);
    expect(result.diff).toContain('+export const internalState: Map<string, number>;');
    expect(readFileSync(join(dir, 'api', 'lib.api.md'), 'utf8')).toBe(report);
  });
});
