import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { syncExampleRanges } from './example-ranges.ts';

const write = (path: string, content: unknown) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
};

describe('syncExampleRanges (a workspace in a temporary folder)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'example-ranges-'));
    write(join(root, 'package.json'), { name: 'root', private: true, workspaces: ['libs/*', 'tools/*'] });
    write(join(root, 'libs', 'a', 'package.json'), { name: '@org/a', version: '0.2.0' });
    write(join(root, 'libs', 'b', 'package.json'), { name: '@org/b', version: '0.2.0' });
    write(join(root, 'tools', 't', 'package.json'), { name: '@org/t', version: '0.1.0', private: true });
    write(join(root, 'examples', 'app', 'package.json'), {
      name: 'app',
      dependencies: { '@org/a': '^0.1.0', '@org/b': '^0.2.0', '@org/t': '0.1.0', rxjs: '^7.8.2' },
    });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("puts the example's ranges on the published packages at ^<version>, leaving the rest alone", () => {
    expect(syncExampleRanges(join(root, 'libs', 'a'), ['examples/app'])).toEqual({
      'examples/app': ['@org/a@^0.2.0'],
    });
    expect(JSON.parse(readFileSync(join(root, 'examples', 'app', 'package.json'), 'utf8'))).toEqual({
      name: 'app',
      dependencies: { '@org/a': '^0.2.0', '@org/b': '^0.2.0', '@org/t': '0.1.0', rxjs: '^7.8.2' },
    });
    expect(syncExampleRanges(root, ['examples/app'])).toEqual({ 'examples/app': [] });
  });
});
