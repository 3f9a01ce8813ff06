import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDeadLinks, findDocFiles, formatDeadLinks } from './link-check.js';

describe('findDeadLinks', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'docs-check-links-'));
    await mkdir(join(root, 'docs'));
    await writeFile(
      join(root, 'README.md'),
      [
        '# Fixture',
        '',
        '## Quick start',
        '',
        'See [the guide](docs/guide.md), its [settings](docs/guide.md#the-settings-table),',
        'this [start](#quick-start), a [line](docs/guide.md#L2) and [a site](https://example.com/missing).',
        '',
        'Then [nowhere](docs/missing.md) and [no such heading](docs/guide.md#no-such-heading).',
        '',
        'And [no such heading here](#quick-stop).',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(root, 'docs', 'guide.md'),
      '# Guide\n\n## The settings table\n\nBack to [the start](../README.md#quick-start).\n',
    );
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('names the file, line and target of a dead file link, a dead anchor in another file and one in the same file', async () => {
    // Only README.md is given: the guide's headings are read because README.md links to it.
    const deadLinks = await findDeadLinks(root, ['README.md']);

    expect(formatDeadLinks(deadLinks).split('\n')).toEqual([
      'README.md:8:6: Cannot find file `docs/missing.md`',
      'README.md:8:37: Cannot find heading for `#no-such-heading` in `docs/guide.md`',
      expect.stringMatching(/^README\.md:10:5: Cannot find heading for `#quick-stop`/),
    ]);
  });

  it('passes files whose links all lead somewhere, across files and to line anchors', async () => {
    await expect(findDeadLinks(root, ['docs/guide.md'])).resolves.toEqual([]);
  });
});

describe('findDocFiles', () => {
  it('lists what the patterns match, skipping a pattern that matches nothing', async () => {
    const root = await mkdtemp(join(tmpdir(), 'docs-check-files-'));
    try {
      await mkdir(join(root, 'docs', 'deeper'), { recursive: true });
      await writeFile(join(root, 'README.md'), '# a\n');
      await writeFile(join(root, 'docs', 'deeper', 'page.md'), '# b\n');
      await writeFile(join(root, 'docs', 'notes.txt'), 'c\n');

      await expect(findDocFiles(root, ['README.md', 'CONTRIBUTING.md', 'docs/**/*.md'])).resolves.toEqual([
        'README.md',
        'docs/deeper/page.md',
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
