import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { shellBlocks, type ShellBlock } from './shell-blocks.js';
import { ShellSession } from './shell-session.js';
import { userEnvironment } from './command.js';

const PAGE = [
  '# A page',
  '',
  '<!-- example: install -->',
  '',
  '```bash',
  'npm install something',
  '```',
  '',
  '```bash',
  'GREETING=hello',
  'cd sub',
  '```',
  '',
  '<!-- run: background, ready when "ready: hello" -->',
  '```bash',
  'echo "ready: $GREETING from $(basename "$PWD")"; exec sleep 600',
  '```',
  '',
  '```ts',
  'const notShell = true;',
  '```',
  '',
  '```bash',
  'echo "$GREETING again in $(basename "$PWD")"',
  'false',
  'echo never',
  '```',
].join('\n');

describe('shellBlocks', () => {
  it('finds the bash blocks in order with their line, markers and code', () => {
    expect(shellBlocks(PAGE, 'page.md')).toEqual([
      {
        file: 'page.md',
        line: 5,
        code: 'npm install something',
        run: { kind: 'foreground' },
        example: 'install',
      },
      { file: 'page.md', line: 9, code: 'GREETING=hello\ncd sub', run: { kind: 'foreground' } },
      {
        file: 'page.md',
        line: 15,
        code: 'echo "ready: $GREETING from $(basename "$PWD")"; exec sleep 600',
        run: { kind: 'background', readyWhen: 'ready: hello' },
      },
      {
        file: 'page.md',
        line: 23,
        code: 'echo "$GREETING again in $(basename "$PWD")"\nfalse\necho never',
        run: { kind: 'foreground' },
      },
    ]);
  });

  it('refuses a run marker it does not know, naming the file and line', () => {
    expect(() => shellBlocks('<!-- run: later -->\n```bash\ntrue\n```\n', 'page.md')).toThrow(
      'page.md:1: unknown marker "run: later"',
    );
  });
});

describe('ShellSession', () => {
  let dir: string;
  let session: ShellSession;
  afterEach(async () => {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs blocks as one terminal would, a background block beside them, and names the failing block', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shell-session-spec-'));
    mkdirSync(join(dir, 'sub'));
    session = new ShellSession(dir, userEnvironment());
    const [, first, background, last] = shellBlocks(PAGE, 'page.md') as [
      ShellBlock,
      ShellBlock,
      ShellBlock,
      ShellBlock,
    ];

    await session.run(first);
    expect(await session.variable('GREETING')).toBe('hello');
    const second = await session.start(background);
    expect(second.output()).toContain('ready: hello from sub');

    const failure = await session.run(last).then(
      () => 'succeeded',
      (error: Error) => error.message,
    );
    expect(failure).toContain('page.md:23: the block ended with 1');
    expect(failure.split('--- output:\n')[1]).toBe('hello again in sub\n');

    await session.close();
    expect(second.ended()).toBe(true);
  });
});
