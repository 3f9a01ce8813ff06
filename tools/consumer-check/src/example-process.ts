import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { userEnvironment } from '@org/docs-check';

/** The example's compiled entry point, running. */
export interface ExampleProcess {
  /** `http://127.0.0.1:<port>/api` */
  api: string;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM (Nest's shutdown hooks drain), then the exit code or signal. */
  stop(): Promise<number | string>;
}

/** What main.ts prints once it listens: `Listening on http://[::1]:3000/api (…)`. */
const READY = /Listening on http:\/\/\S+:(\d+)\/api/;

/**
 * `node dist/main.js` in the installed example with `env` (give `PORT: '0'` for a free port), resolved
 * once it listens; on the Node.js at `node` (by default the workspace's pinned one, as this test runs).
 * @throws Error with its output when it exits or stays silent for `timeoutMs` first.
 */
export function startExample(
  exampleDir: string,
  env: Record<string, string>,
  { timeoutMs = 30_000, node = process.execPath }: { timeoutMs?: number; node?: string } = {},
): Promise<ExampleProcess> {
  const child = spawn(node, [join('dist', 'main.js')], {
    cwd: exampleDir,
    env: userEnvironment({ NO_COLOR: '1', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const running: ExampleProcess = {
    api: '',
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the example did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const ready = READY.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve({ ...running, api: `http://127.0.0.1:${ready[1]}/api` });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((status) => {
      clearTimeout(timer);
      reject(new Error(`the example exited (${status}) before listening:\n${output}`));
    });
  });
}
