import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { liveGroupMembers } from './process-group.js';
import { extractShellBlocks } from './shell-blocks.js';
import { TourSession } from './tour-session.js';
import { userEnvironment } from './user-environment.js';

const sessions: TourSession[] = [];
const open = (options: { blockTimeoutMs?: number } = {}) => {
  const session = new TourSession({ cwd: process.cwd(), env: userEnvironment(), ...options });
  sessions.push(session);
  return session;
};
const blocks = (...lines: string[]) => extractShellBlocks(lines.join('\n'), 'docs/page.md');
const failureOf = (run: Promise<void>): Promise<string> =>
  run.then(
    () => Promise.reject(new Error('the blocks ran through')),
    (error: Error) => error.message,
  );

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'docs-check-session-'));
  execFileSync('mkfifo', [join(folder, 'fifo')]);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.stop()));
});

describe('TourSession, foreground blocks', () => {
  it('carries variables, exports, functions and the folder from one block to the next, as one terminal does', async () => {
    const session = open();
    await session.run(
      blocks(
        '```bash',
        'KEY=dev_123; export API=http://localhost:3000/api',
        'say() { echo "said: $*"; }',
        'cd /tmp',
        '```',
        '',
        '```bash',
        'say "$KEY"; bash -c \'echo "child sees $API"\'; pwd',
        'cat # reads /dev/null, not the blocks after it',
        '```',
        '',
        '```bash',
        'echo "still here"',
        '```',
      ),
    );

    expect(session.outputs.map(({ block, output }) => [block.line, output()])).toEqual([
      [1, ''],
      [7, 'said: dev_123\nchild sees http://localhost:3000/api\n/tmp\n'],
      [12, 'still here\n'],
    ]);
    await expect(session.variable('KEY')).resolves.toBe('dev_123');
    await expect(session.variable('NEVER_SET')).resolves.toBe('');
  });

  it('fails on the first failing command, naming the page, the block, the command line and the output', async () => {
    const session = open();
    const run = session.run(
      blocks(
        '```bash',
        'echo first',
        '```',
        '',
        '```bash',
        'echo "before the failure"',
        'ID=$(curl -fsS http://127.0.0.1:1/never)',
        'echo "never printed"',
        '```',
        '',
        '```bash',
        'echo "never run"',
        '```',
      ),
    );

    await expect(run).rejects.toThrow(/^docs\/page\.md:5: failed \(the shell exited with 7\)/);
    const message = await failureOf(run);
    expect(message).toContain('before the failure\ncurl: (7)');
    expect(message).toContain(
      '✘ exit 7 from the command ending at docs/page.md:7: ID=$(curl -fsS http://127.0.0.1:1/never)',
    );
    expect(message).not.toContain('never printed');
    expect(session.outputs.map(({ block }) => block.line)).toEqual([1]);
  });

  it('fails on an unset variable and on a failure inside a pipeline (bash -euo pipefail)', async () => {
    for (const code of ['echo "$NOT_SET_ANYWHERE"', 'false | cat']) {
      const session = open();
      await expect(session.run(blocks('```bash', code, 'echo reached', '```'))).rejects.toThrow(
        /^docs\/page\.md:1: failed \(the shell exited with 1\)/,
      );
      expect(session.outputs).toEqual([]);
    }
  });

  it('fails a block that does not finish in time, and stopping ends what it left running', async () => {
    const session = open({ blockTimeoutMs: 500 });

    await expect(session.run(blocks('```bash', 'sleep 600', '```'))).rejects.toThrow(
      /^docs\/page\.md:1: still running after 500 ms; its output so far:\n/,
    );
    expect(session.liveProcesses().length).toBeGreaterThan(0);

    await session.stop();
    expect(session.liveProcesses()).toEqual([]);
  });
});

describe('TourSession, background blocks', () => {
  it('starts a second terminal, goes on once it prints its ready text, and stops its whole process group', async () => {
    const session = open();
    await session.run(
      blocks(
        '```bash',
        'SECRET=only-in-the-first-terminal',
        '```',
        '',
        '<!-- run: background, ready when "listening" -->',
        '```bash',
        'sleep 600 &',
        'echo "group $$, secret ${SECRET-unset}"; echo "listening"',
        'sleep 601',
        '```',
        '',
        '```bash',
        'echo "after the start"',
        '```',
      ),
    );

    const [, background, after] = session.outputs;
    expect(background.output()).toMatch(/^group \d+, secret unset\nlistening\n$/);
    expect(after.output()).toBe('after the start\n');
    const group = Number(/group (\d+)/.exec(background.output())?.[1]);
    expect(liveGroupMembers(group)).toContain(group);
    expect(liveGroupMembers(group).length).toBeGreaterThan(1); // the `&` one too, which ignores Ctrl-C

    await session.stop();
    expect(liveGroupMembers(group)).toEqual([]);
    expect(session.liveProcesses()).toEqual([]);
  });

  it('fails with its output when it ends before printing its ready text', async () => {
    const session = open();
    const run = session.run(
      blocks(
        '<!-- run: background, ready when "listening" -->',
        '```bash',
        'echo "port taken"; exit 3',
        '```',
      ),
    );

    await expect(run).rejects.toThrow(
      'docs/page.md:2: never printed "listening" (it exited with 3); its output:\nport taken\n',
    );
  });

  it('adds the end of each background output to a foreground failure', async () => {
    const session = open();
    const run = session.run(
      blocks(
        '<!-- run: background, ready when "up" -->',
        '```bash',
        'echo "app log: refused the subscription"; echo "up"; sleep 600',
        '```',
        '',
        '```bash',
        'false',
        '```',
      ),
    );

    await expect(run).rejects.toThrow(
      /^docs\/page\.md:6: failed[\s\S]*--- end of the output of docs\/page\.md:2 ---\napp log: refused the subscription\nup\n$/,
    );
  });

  it('runs a block marked `once "TEXT" is printed` only after a background terminal printed it', async () => {
    const session = open();
    await session.run(
      blocks(
        '<!-- run: background, ready when "waiting" -->',
        '```bash',
        'echo waiting; read -r line < "$FOLDER/fifo"; touch "$FOLDER/got"; echo "got $line"; sleep 600',
        '```',
        '',
        '```bash',
        'echo delivered > "$FOLDER/fifo" &',
        '```',
        '',
        '<!-- run: once "got delivered" is printed -->',
        '```bash',
        'test -e "$FOLDER/got" && echo "checked after the delivery"',
        '```',
      ).map((block) => ({ ...block, code: block.code.replaceAll('$FOLDER', folder) })),
    );

    expect(session.outputs[0].output()).toContain('got delivered');
    expect(session.outputs[2].output()).toBe('checked after the delivery\n');
  });

  it('fails a block marked `once "TEXT" is printed` when no background terminal prints it', async () => {
    const session = new TourSession({ cwd: process.cwd(), env: userEnvironment(), waitTimeoutMs: 300 });
    sessions.push(session);
    const run = session.run(
      blocks(
        '<!-- run: background, ready when "up" -->',
        '```bash',
        'echo up; sleep 600',
        '```',
        '',
        '<!-- run: once "delivered" is printed -->',
        '```bash',
        'echo never',
        '```',
      ),
    );

    await expect(run).rejects.toThrow(
      /^docs\/page\.md:7: waited to run it: no background terminal printed "delivered" within 300 ms/,
    );
  });
});

describe('TourSession, a block marked `again until it prints "TEXT"`', () => {
  it('runs it again until its output holds the text, carrying only its last output', async () => {
    const session = open();
    await session.run(
      blocks(
        '```bash',
        'TRIES=0',
        '```',
        '',
        '<!-- run: again until it prints "success" -->',
        '```bash',
        'TRIES=$((TRIES + 1)); if [ "$TRIES" -ge 3 ]; then echo "status: success"; else echo "status: pending"; fi',
        '```',
      ),
    );

    expect(session.outputs[1].output()).toBe('status: success\n');
    await expect(session.variable('TRIES')).resolves.toBe('3');
  });

  it('fails when it never does, with its last output', async () => {
    const session = new TourSession({ cwd: process.cwd(), env: userEnvironment(), waitTimeoutMs: 300 });
    sessions.push(session);
    const run = session.run(
      blocks('<!-- run: again until it prints "success" -->', '```bash', 'echo pending', '```'),
    );

    await expect(run).rejects.toThrow(
      /^docs\/page\.md:2: ran again for 300 ms and never printed "success"; its last output:\npending\n$/,
    );
  });
});
