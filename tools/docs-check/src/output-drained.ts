import type { ChildProcess } from 'node:child_process';

/** How long an ended process's pipes may take to hand over what is left in them. */
const DRAIN_MS = 2_000;

/**
 * For `child`, just spawned: a wait for the rest of its output once it has ended. Node may report a
 * process's exit before its last output is read (what a failing command printed just before the
 * shell ended), so a failure's message is written after its pipes close; a process it started in the
 * background may hold them open, hence the bound.
 */
export function drainOutput(child: ChildProcess): () => Promise<void> {
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_MS)))]);
    clearTimeout(timer);
  };
}
