import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { WORKSPACE_ROOT } from './command.js';
import { readExampleManifest } from './installed-example.js';
import { INSTALL_MARKER, installSpecs, markedSnippets, readReadme } from './readme-install.js';

type Manifest = Record<string, Record<string, string> | undefined> & { name?: unknown; version?: unknown };
const manifestAt = (folder: string): Manifest =>
  JSON.parse(readFileSync(join(WORKSPACE_ROOT, folder, 'package.json'), 'utf8')) as Manifest;

/** The ranges the workspace itself uses (root first, then the libraries' own declarations). */
function workspaceRange(name: string): string | undefined {
  for (const folder of ['.', 'libs/webhooks', 'libs/ingest', 'libs/common']) {
    const manifest = manifestAt(folder);
    for (const field of ['devDependencies', 'dependencies', 'peerDependencies']) {
      const range = manifest[field]?.[name];
      if (range) return range;
    }
  }
  return undefined;
}

const libraryVersions = new Map(
  ['libs/common', 'libs/webhooks', 'libs/ingest'].map((folder) => {
    const { name, version } = manifestAt(folder);
    return [String(name), String(version)];
  }),
);

describe('the README\'s "Install in your app" and examples/nest-app', () => {
  const readme = readReadme();
  const snippets = markedSnippets(readme);

  it('shows the example’s files verbatim', () => {
    const files = snippets.filter(({ path }) => path !== INSTALL_MARKER);
    expect(files.map(({ path }) => path)).toEqual(
      expect.arrayContaining([
        'examples/nest-app/tsconfig.json',
        'examples/nest-app/src/main.ts',
        'examples/nest-app/src/app.module.ts',
        'examples/nest-app/src/postgres-app.module.ts',
        'examples/nest-app/src/payments.ingest.ts',
      ]),
    );
    for (const { path, code } of files) {
      expect({ path, code }).toEqual({ path, code: readFileSync(join(WORKSPACE_ROOT, path), 'utf8') });
    }
  });

  it('installs exactly the example’s dependencies, at the ranges it declares', () => {
    const install = snippets.find(({ path }) => path === INSTALL_MARKER);
    expect(install).toBeDefined();
    const specs = installSpecs(install!.code);
    const { dependencies, devDependencies } = readExampleManifest();
    const declared = (dev: boolean) => Object.keys(dev ? devDependencies : dependencies).sort();
    expect(
      specs
        .filter((spec) => !spec.dev)
        .map((spec) => spec.name)
        .sort(),
    ).toEqual(declared(false));
    expect(
      specs
        .filter((spec) => spec.dev)
        .map((spec) => spec.name)
        .sort(),
    ).toEqual(declared(true));
    for (const { name, range, dev } of specs) {
      const expected = (dev ? devDependencies : dependencies)[name];
      // Without a version npm writes ^<latest>: only right for our own packages, at their version.
      expect({ name, range: range ?? `^${libraryVersions.get(name)}` }).toEqual({ name, range: expected });
    }
  });

  it('declares what the workspace builds and tests against, and our packages at their versions', () => {
    const { dependencies, devDependencies } = readExampleManifest();
    for (const [name, range] of Object.entries({ ...dependencies, ...devDependencies })) {
      const version = libraryVersions.get(name);
      expect({ name, range }).toEqual({ name, range: version ? `^${version}` : workspaceRange(name) });
    }
  });
});

describe('installSpecs', () => {
  it('reads the packages of npm install commands, joined lines, comments and -D included', () => {
    expect(
      installSpecs(
        [
          'npm install @org/webhooks \\',
          '  @nestjs/common@^12.5.1 pg@8 # a comment naming other@1',
          '# npm install nothing',
          'npm install -D typescript@~6.0.0',
        ].join('\n'),
      ),
    ).toEqual([
      { name: '@org/webhooks', range: undefined, dev: false },
      { name: '@nestjs/common', range: '^12.5.1', dev: false },
      { name: 'pg', range: '8', dev: false },
      { name: 'typescript', range: '~6.0.0', dev: true },
    ]);
  });
});
