import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { assertNoSchemaSnapshots, findSchemaSnapshots } from './schema-snapshots.js';

describe('schema snapshot check', () => {
  let root: string;
  const file = (path: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), '{}');
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'schema-snapshots-'));
    file('libs/ingest/src/index.ts');
    file('libs/ingest/package.json');
    file('node_modules/some-package/.snapshot-theirs.json');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes a workspace without snapshots (and ignores node_modules)', () => {
    expect(findSchemaSnapshots(root)).toEqual([]);
    expect(() => assertNoSchemaSnapshots(root)).not.toThrow();
  });

  it('fails naming every snapshot a test run left, wherever it is', () => {
    file('libs/ingest/.snapshot-test_mwv90qky_932bead8.json');
    file('.snapshot-webhooks.json');
    expect(findSchemaSnapshots(root)).toEqual([
      '.snapshot-webhooks.json',
      'libs/ingest/.snapshot-test_mwv90qky_932bead8.json',
    ]);
    expect(() => assertNoSchemaSnapshots(root)).toThrow(
      'Tests left 2 MikroORM schema snapshot(s): .snapshot-webhooks.json, libs/ingest/.snapshot-test_mwv90qky_932bead8.json. ' +
        'A MikroORM config used by the tests lacks `migrations: { snapshot: false }`: fix it, then delete the files.',
    );
  });
});
