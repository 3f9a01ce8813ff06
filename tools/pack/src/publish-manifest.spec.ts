import { describe, expect, it } from '@jest/globals';
import {
  exportTargets,
  toPublishedManifest,
  type Manifest,
  type WorkspacePackage,
} from './publish-manifest.ts';

const workspace = new Map<string, WorkspacePackage>([
  ['@org/common', { version: '0.1.0', private: false }],
  ['@org/dev-db', { version: '0.1.0', private: true }],
]);

const library = (): Manifest => ({
  name: '@org/webhooks',
  version: '0.1.0',
  type: 'module',
  exports: {
    '.': { '@org/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' },
    './mikro-orm': {
      '@org/source': './src/mikro-orm/index.ts',
      types: './dist/mikro-orm/index.d.ts',
      default: './dist/mikro-orm/index.js',
    },
  },
  files: ['dist', 'README.md', 'LICENSE'],
  scripts: { build: 'rm -rf dist && tsc -p tsconfig.lib.json' },
  dependencies: { '@org/common': '0.1.0', undici: '^8.13.1' },
  peerDependencies: { '@nestjs/common': '^12.5.1' },
  devDependencies: { '@org/dev-db': '0.1.0', pg: '^8.23.0' },
});

describe('toPublishedManifest', () => {
  it('drops the @org/source condition, the devDependencies and the scripts, keeping everything else in order', () => {
    const published = toPublishedManifest(library(), workspace);
    expect(published.exports).toEqual({
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './mikro-orm': { types: './dist/mikro-orm/index.d.ts', default: './dist/mikro-orm/index.js' },
    });
    expect(published).not.toHaveProperty('devDependencies');
    expect(Object.keys(published)).toEqual([
      'name',
      'version',
      'type',
      'main',
      'types',
      'typesVersions',
      'exports',
      'files',
      'dependencies',
      'peerDependencies',
    ]);
    expect(published.dependencies).toEqual({ '@org/common': '0.1.0', undici: '^8.13.1' });
  });

  it('adds main, types and typesVersions from exports, for TypeScript’s node10 resolution', () => {
    const published = toPublishedManifest(library(), workspace);
    expect(published).toMatchObject({
      main: './dist/index.js',
      types: './dist/index.d.ts',
      typesVersions: { '*': { 'mikro-orm': ['./dist/mikro-orm/index.d.ts'] } },
    });
    const own = toPublishedManifest({ ...library(), types: './own.d.ts', typesVersions: {} }, workspace);
    expect(own).toMatchObject({ main: './dist/index.js', types: './own.d.ts', typesVersions: {} });
    const rootOnly = toPublishedManifest({ name: 'x', exports: './dist/x.js' }, workspace);
    expect(rootOnly).toEqual({ name: 'x', exports: './dist/x.js' });
  });

  it('keeps the scripts npm runs when installing the package', () => {
    const manifest = { ...library(), scripts: { build: 'tsc', postinstall: 'node setup.js' } };
    expect(toPublishedManifest(manifest, workspace).scripts).toEqual({ postinstall: 'node setup.js' });
  });

  it('does not change the manifest it was given', () => {
    const manifest = library();
    toPublishedManifest(manifest, workspace);
    expect(manifest).toEqual(library());
  });

  it('strips the condition at any depth and leaves string and array targets alone', () => {
    const published = toPublishedManifest(
      {
        name: 'x',
        exports: {
          '.': { node: { '@org/source': './src/a.ts', default: './dist/a.js' } },
          './b': './dist/b.js',
          './c': ['./dist/c.js'],
        },
      },
      workspace,
    );
    expect(published.exports).toEqual({
      '.': { node: { default: './dist/a.js' } },
      './b': './dist/b.js',
      './c': ['./dist/c.js'],
    });
  });

  it('drops an entry point only the workspace resolves (nothing left once @org/source is gone)', () => {
    const published = toPublishedManifest(
      {
        name: 'x',
        exports: {
          '.': { '@org/source': './src/index.ts', default: './dist/index.js' },
          './internal': { '@org/source': './src/internal.ts' },
        },
      },
      workspace,
    );
    expect(published.exports).toEqual({ '.': { default: './dist/index.js' } });
  });

  it('refuses a dependency on a workspace package at anything but its exact version, naming each', () => {
    const manifest = {
      ...library(),
      dependencies: { '@org/common': '^0.1.0' },
      peerDependencies: { '@org/common': '0.0.9' },
    };
    expect(() => toPublishedManifest(manifest, workspace)).toThrow(
      '@org/webhooks cannot be packed:\n' +
        '- dependencies.@org/common is "^0.1.0": workspace packages depend on each other at their exact version, "0.1.0"\n' +
        '- peerDependencies.@org/common is "0.0.9": workspace packages depend on each other at their exact version, "0.1.0"',
    );
  });

  it('refuses a runtime dependency on a private workspace package (a devDependency is fine)', () => {
    const manifest = { ...library(), dependencies: { '@org/common': '0.1.0', '@org/dev-db': '0.1.0' } };
    expect(() => toPublishedManifest(manifest, workspace)).toThrow(
      'dependencies.@org/dev-db: @org/dev-db is private and never published',
    );
  });
});

describe('exportTargets', () => {
  it('lists every file an exports map can resolve to', () => {
    expect(
      exportTargets({
        '.': { types: './dist/index.d.ts', default: './dist/index.js' },
        './x': ['./dist/x.js', { node: './dist/x.node.js' }],
      }),
    ).toEqual(['./dist/index.d.ts', './dist/index.js', './dist/x.js', './dist/x.node.js']);
    expect(exportTargets('./dist/index.js')).toEqual(['./dist/index.js']);
    expect(exportTargets(undefined)).toEqual([]);
  });
});
