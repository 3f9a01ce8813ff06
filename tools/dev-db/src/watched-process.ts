import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

/** A spawned process whose stdout and stderr are collected, interleaved, as it prints them. */
export interface WatchedProcess {
  /** Everything it printed so far. */
  output(): string;
  /** Resolves with the exit code (or signal name) when it ends. */
  exited: Promise<number | string>;
  /** Whether it has ended. */
  ended(): boolean;
  /** Resolves once `text` was printed; rejects when the process ends first or after `timeoutMs`. */
  waitForOutput(text: string, timeoutMs: number): Promise<void>;
}

/**
 * Watches a process spawned with piped stdout and stderr: what the tests that start a real entry
 * point (the app's `src/main.ts`, the image's commands in `tools/docker-check`) wait on.
 */
export function watchProcess(child: ChildProcessByStdio<null, Readable, Readable>): WatchedProcess {
  let output = '';
  let ended = false;
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    listeners.forEach((listener) => listener());
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      ended = true;
      listeners.forEach((listener) => listener());
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  return {
    output: () => output,
    exited,
    ended: () => ended,
    waitForOutput: (text, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => finish(new Error(`no "${text}" within ${timeoutMs} ms; output:\n${output}`)),
          timeoutMs,
        );
        const check = () => {
          if (output.includes(text)) finish();
          else if (ended) finish(new Error(`exited before printing "${text}"; output:\n${output}`));
        };
        const finish = (error?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        };
        listeners.add(check);
        check();
      }),
  };
}
