import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { run, WORKSPACE_ROOT } from './command.js';
import type { LibraryPackage } from './packed-libraries.js';

/** The consumer app the README's "Install in your app" is taken from. */
export const EXAMPLE_DIR = join(WORKSPACE_ROOT, 'examples', 'nest-app');

/** A manifest's dependency maps. */
export interface ExampleManifest {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/** examples/nest-app/package.json. */
export function readExampleManifest(): ExampleManifest {
  return JSON.parse(readFileSync(join(EXAMPLE_DIR, 'package.json'), 'utf8')) as ExampleManifest;
}

/**
 * A copy of the example (or of the app at `source`) in `target` with its dependencies installed from
 * the registry (npm's cache first) except the libraries, which come from the packed tarballs: what
 * `npm install` of the published packages would give, with nothing of the workspace reachable from
 * `target`.
 */
export async function installExample(
  target: string,
  libraries: readonly LibraryPackage[],
  source: string = EXAMPLE_DIR,
): Promise<void> {
  cpSync(source, target, {
    recursive: true,
    filter: (file) => !/(^|[/\\])(node_modules|dist)([/\\]|$)/.test(relative(source, file)),
  });
  const manifestPath = join(target, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ExampleManifest;
  for (const { name, tarball } of libraries) {
    if (!manifest.dependencies[name]) throw new Error(`the example does not depend on ${name}`);
    manifest.dependencies[name] = `file:${tarball}`;
  }
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], target);
}

/** The TypeScript settings a variant of the example is checked under. */
export interface CompilerVariant {
  /** Shown in test names. */
  label: string;
  module: string;
  moduleResolution: string;
  /** `commonjs`: the sources are checked as CommonJS modules (a package without `"type": "module"`). */
  packageType: 'module' | 'commonjs';
  /** Further compiler options of this variant. */
  compilerOptions?: Record<string, unknown>;
}

/**
 * Type-checks the example's sources under other module settings than its own `nodenext` ESM: in a
 * folder of its own (with its own package.json type) beside the installed copy, so the same
 * node_modules resolve. Returns tsc's diagnostics, empty when clean.
 */
export async function typecheckVariant(exampleDir: string, variant: CompilerVariant): Promise<string> {
  const dir = join(exampleDir, `variant-${variant.label.replace(/\W+/g, '-')}`);
  mkdirSync(dir, { recursive: true });
  cpSync(join(exampleDir, 'src'), join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: variant.packageType }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: '../tsconfig.json',
      compilerOptions: {
        module: variant.module,
        moduleResolution: variant.moduleResolution,
        rootDir: 'src',
        noEmit: true,
        ...variant.compilerOptions,
      },
      include: ['src/**/*.ts'],
    }),
  );
  return tsc(exampleDir, ['-p', join(dir, 'tsconfig.json')]);
}

/**
 * Runs the installed example's own TypeScript (in `exampleDir`); returns its diagnostics, '' when
 * clean, so a failing test shows them.
 */
export async function tsc(exampleDir: string, args: readonly string[]): Promise<string> {
  try {
    return await run(join(exampleDir, 'node_modules', '.bin', 'tsc'), args, exampleDir);
  } catch (error) {
    return (error as Error).message;
  }
}
