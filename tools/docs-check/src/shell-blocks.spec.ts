import { describe, expect, it } from '@jest/globals';
import { extractShellBlocks, ShellBlockError } from './shell-blocks.js';

const page = [
  '# Guide', //                                    1
  '',
  '## Set up',
  '',
  '```bash', //                                    5
  'npm ci',
  '```',
  '',
  '## A tour',
  '', //                                           10
  '<!-- run: background, ready when "Listening on" -->',
  '```bash',
  'npm start',
  '```',
  '', //                                           15
  '```json',
  '{"not": "run"}',
  '```',
  '',
  '1. Then, in a list:', //                        20
  '',
  '   ```bash',
  '   curl -fsS "$API/webhooks"',
  '   ```',
  '', //                                           25
  '<!-- run: background,',
  '     ready when "Receiving webhooks at" -->',
  '',
  '```bash',
  'npm run receiver', //                           30
  '```',
  '',
  '### Deeper, still the tour',
  '',
  '<!-- run: once "attempt 1" is printed --><!-- run: again until it prints "success" -->',
  '```bash',
  'curl -fsS "$API/deliveries"',
  '```',
  '',
  '## Afterwards', //                               40
  '',
  '```bash',
  'npm test',
  '```',
  '',
].join('\n');

describe('extractShellBlocks', () => {
  it('finds every ```bash block in order, with its fence line, nested ones too', () => {
    expect(extractShellBlocks(page, 'docs/guide.md').map(({ line, code }) => [line, code])).toEqual([
      [5, 'npm ci'],
      [12, 'npm start'],
      [22, 'curl -fsS "$API/webhooks"'],
      [29, 'npm run receiver'],
      [36, 'curl -fsS "$API/deliveries"'],
      [42, 'npm test'],
    ]);
  });

  it('limits them to one ## section, its ### subsections included', () => {
    expect(extractShellBlocks(page, 'docs/guide.md', 'A tour')).toEqual([
      {
        file: 'docs/guide.md',
        line: 12,
        code: 'npm start',
        run: { mode: 'background', readyWhen: 'Listening on' },
      },
      { file: 'docs/guide.md', line: 22, code: 'curl -fsS "$API/webhooks"', run: { mode: 'foreground' } },
      {
        file: 'docs/guide.md',
        line: 29,
        code: 'npm run receiver',
        run: { mode: 'background', readyWhen: 'Receiving webhooks at' },
      },
      {
        file: 'docs/guide.md',
        line: 36,
        code: 'curl -fsS "$API/deliveries"',
        run: { mode: 'foreground', afterPrinted: 'attempt 1', repeatUntil: 'success' },
      },
    ]);
  });

  it('refuses an unknown marker, naming its line and the known ones', () => {
    const markdown = '# Page\n\n<!-- run: twice -->\n```bash\nnpm start\n```\n';

    expect(() => extractShellBlocks(markdown, 'README.md')).toThrow(
      new ShellBlockError(
        'README.md:3: unknown marker "<!-- run: twice -->" (known: <!-- run: background, ready when "TEXT" -->, ' +
          '<!-- run: once "TEXT" is printed -->, <!-- run: again until it prints "TEXT" -->)',
      ),
    );
  });

  it('refuses a marker that does not stand right before a ```bash fence', () => {
    const apart = '<!-- run: background, ready when "up" -->\n\nThen:\n\n```bash\nnpm start\n```\n';
    const beforeJson = '<!-- run: background, ready when "up" -->\n```json\n{}\n```\n\n```bash\nls\n```\n';

    for (const markdown of [apart, beforeJson]) {
      expect(() => extractShellBlocks(markdown, 'README.md')).toThrow(
        'README.md:1: a run marker must stand right before a ```bash fence',
      );
    }
  });

  it('refuses a background block that would also wait or repeat', () => {
    const markdown =
      '<!-- run: background, ready when "up" -->\n<!-- run: once "x" is printed -->\n```bash\nnpm start\n```\n';

    expect(() => extractShellBlocks(markdown, 'README.md')).toThrow(
      'README.md:1: a background block cannot also wait or repeat',
    );
  });

  it('refuses a missing section and a page or section without a ```bash block', () => {
    expect(() => extractShellBlocks(page, 'docs/guide.md', 'A five-minute tour')).toThrow(
      'docs/guide.md: no "## A five-minute tour" section',
    );
    expect(() => extractShellBlocks('# Empty\n\n## Tour\n\n```sh\nls\n```\n', 'a.md', 'Tour')).toThrow(
      'a.md: no ```bash block under "## Tour"',
    );
  });
});
