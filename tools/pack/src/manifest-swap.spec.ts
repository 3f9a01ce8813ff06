import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { BACKUP_NAME, preparePackageJson, restorePackageJson } from './manifest-swap.ts';

const write = (path: string, content: unknown) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
};

describe('preparePackageJson / restorePackageJson (a workspace in a temporary folder)', () => {
  let root: string;
  let library: string;
  const libraryManifest = {
    name: '@org/lib',
    version: '1.2.3',
    exports: { '.': { '@org/source': './src/index.ts', default: './dist/index.js' } },
    files: ['dist', 'README.md'],
    dependencies: { '@org/base': '1.0.0' },
    devDependencies: { '@org/tool': '0.0.1' },
  };
  const original = `${JSON.stringify(libraryManifest, null, 4)}\n`; // not our formatting: restored byte for byte

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'pack-manifest-'));
    library = join(root, 'libs', 'lib');
    write(join(root, 'package.json'), { name: 'root', private: true, workspaces: ['libs/*', 'tools/*'] });
    write(join(root, 'libs', 'base', 'package.json'), { name: '@org/base', version: '1.0.0' });
    write(join(root, 'tools', 'tool', 'package.json'), {
      name: '@org/tool',
      version: '0.0.1',
      private: true,
    });
    write(join(library, 'package.json'), original);
    write(join(library, 'README.md'), '# lib\n');
    write(join(library, 'dist', 'index.js'), 'export {};\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const onDisk = () => readFileSync(join(library, 'package.json'), 'utf8');

  it('puts the published package.json in place, then restores the workspace one byte for byte', () => {
    preparePackageJson(library);
    expect(JSON.parse(onDisk())).toEqual({
      name: '@org/lib',
      version: '1.2.3',
      main: './dist/index.js',
      exports: { '.': { default: './dist/index.js' } },
      files: ['dist', 'README.md'],
      dependencies: { '@org/base': '1.0.0' },
    });
    expect(existsSync(join(library, BACKUP_NAME))).toBe(true);

    expect(restorePackageJson(library)).toBe(true);
    expect(onDisk()).toBe(original);
    expect(existsSync(join(library, BACKUP_NAME))).toBe(false);
    expect(restorePackageJson(library)).toBe(false);
  });

  it('starts from the workspace package.json when an earlier pack died before postpack', () => {
    preparePackageJson(library);
    preparePackageJson(library);
    restorePackageJson(library);
    expect(onDisk()).toBe(original);
  });

  it('refuses to pack an unbuilt package, naming what is missing, and leaves package.json alone', () => {
    rmSync(join(library, 'dist'), { recursive: true });
    rmSync(join(library, 'README.md'));
    expect(() => preparePackageJson(library)).toThrow(
      '@org/lib cannot be packed, these files are missing (not built?): dist, README.md, ./dist/index.js',
    );
    expect(onDisk()).toBe(original);
    expect(existsSync(join(library, BACKUP_NAME))).toBe(false);
  });

  it('checks dependency versions against the workspace packages', () => {
    write(join(root, 'libs', 'base', 'package.json'), { name: '@org/base', version: '1.1.0' });
    expect(() => preparePackageJson(library)).toThrow(
      'dependencies.@org/base is "1.0.0": workspace packages depend on each other at their exact version, "1.1.0"',
    );
    expect(onDisk()).toBe(original);
  });
});
