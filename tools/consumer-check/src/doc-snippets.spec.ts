import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { WORKSPACE_ROOT } from './command.js';
import {
  documentationPages,
  GUIDE,
  INSTALL_MARKER,
  installSpecs,
  markedSnippets,
  readPage,
  SNIPPET_PAGES,
  type InstallSpec,
} from './doc-snippets.js';
import { EXAMPLE_DIR, readExampleManifest } from './installed-example.js';

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

/**
 * The example's files a reader copies: its sources, its tests and their settings (tsconfig.json,
 * tsconfig.spec.json, jest.config.js), relative to the workspace root.
 */
function exampleFiles(): string[] {
  const sources = ['src', 'test'].flatMap((folder) =>
    readdirSync(join(EXAMPLE_DIR, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name)),
  );
  const settings = ['tsconfig.json', 'tsconfig.spec.json', 'jest.config.js'];
  return [...settings.map((file) => join(EXAMPLE_DIR, file)), ...sources]
    .map((file) => relative(WORKSPACE_ROOT, file))
    .sort();
}

/** `specs` install exactly the dependencies of examples/nest-app, each at the range it declares. */
function expectExampleInstall(specs: readonly InstallSpec[]): void {
  const { dependencies, devDependencies } = readExampleManifest();
  const names = (dev: boolean) =>
    specs
      .filter((spec) => spec.dev === dev)
      .map((spec) => spec.name)
      .sort();
  expect(names(false)).toEqual(Object.keys(dependencies).sort());
  expect(names(true)).toEqual(Object.keys(devDependencies).sort());
  for (const { name, range, dev } of specs) {
    const expected = (dev ? devDependencies : dependencies)[name];
    // Without a version npm writes ^<latest>: only right for our own packages, at their version.
    expect({ name, range: range ?? `^${libraryVersions.get(name)}` }).toEqual({ name, range: expected });
  }
}

describe(`${GUIDE}, README.md and examples/nest-app`, () => {
  const snippets = markedSnippets(readPage(GUIDE));
  const fileSnippets = (page: string) =>
    markedSnippets(readPage(page)).filter(({ path }) => path !== INSTALL_MARKER);

  it.each(SNIPPET_PAGES)('%s shows marked snippets of the example', (page) => {
    expect(fileSnippets(page)).not.toEqual([]);
  });

  it.each(documentationPages().filter((page) => fileSnippets(page).length > 0))(
    '%s shows each marked snippet’s file verbatim',
    (page) => {
      for (const { path, code } of fileSnippets(page)) {
        expect({ path, code }).toEqual({ path, code: readFileSync(join(WORKSPACE_ROOT, path), 'utf8') });
      }
    },
  );

  it('shows every file of the example: its sources, tests and settings', () => {
    const shown = snippets.map(({ path }) => path).filter((path) => path !== INSTALL_MARKER);
    expect([...new Set(shown)].sort()).toEqual(exampleFiles());
  });

  it('installs exactly the example’s dependencies, at the ranges it declares, in every marked install block', () => {
    const installs = (page: string) =>
      markedSnippets(readPage(page)).filter(({ path }) => path === INSTALL_MARKER);
    // The guide carries the install commands; another page may show them too.
    expect(installs(GUIDE)).toHaveLength(1);
    for (const install of documentationPages().flatMap(installs))
      expectExampleInstall(installSpecs(install.code));
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
