import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { watchProcess } from '@org/dev-db';
import { TEST_HTTP_ADAPTER } from './http-adapter.js';

const APP_ROOT = join(import.meta.dirname, '..', '..');

/** A started `src/main.ts` process. */
export interface MainProcess {
  /** Everything it printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves with the exit code (or signal name) when it ends. */
  exited: Promise<number | string>;
  /** Resolves when `text` has been printed; rejects when the process ends first or after `timeoutMs`. */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
  /** Sends a signal (SIGTERM: graceful stop). */
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Runs the app's real entry point (`src/main.ts`, what `npm start` runs once built) in a child
 * process with exactly `env` (plus PATH/HOME, and `HTTP_ADAPTER` of `TEST_HTTP_ADAPTER` unless `env`
 * names one), compiling the TypeScript sources on the fly.
 */
export function runMain(env: Record<string, string>): MainProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=@org/source', '--import', '@org/dev-db/ts-register', join(APP_ROOT, 'src', 'main.ts')],
    {
      cwd: APP_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        HTTP_ADAPTER: TEST_HTTP_ADAPTER,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const watched = watchProcess(child);
  return {
    output: watched.output,
    exited: watched.exited,
    kill: (signal = 'SIGTERM') => void child.kill(signal),
    waitForOutput: (text, timeoutMs = 30_000) => watched.waitForOutput(text, timeoutMs),
  };
}

/** Waits for the process to end, killing it (and failing) when it is still running after `timeoutMs`. */
export async function exitOf(main: MainProcess, timeoutMs = 30_000): Promise<number | string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'still running'>((resolve) => {
    // not-a-wait: a stuck-guard; the process's exit ends the wait.
    timer = setTimeout(() => resolve('still running'), timeoutMs);
  });
  const result = await Promise.race([main.exited, timeout]);
  clearTimeout(timer);
  if (result === 'still running') {
    main.kill('SIGKILL');
    await main.exited;
  }
  return result;
}

/** A TCP port free on loopback right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
