import { readdirSync, readFileSync } from 'node:fs';

/** How long a stopped group may take to wind down (the app drains deliveries, PostgreSQL shuts down). */
const GRACE_MS = 30_000;
const POLL_MS = 100;

/**
 * The live processes of process group `groupId`. Read from /proc, because a process whose parent
 * already exited may stay a zombie until something reaps it, and `kill(-group, 0)` counts zombies.
 */
export function liveGroupMembers(groupId: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return groupAnswersSignals(groupId) ? [groupId] : [];
  }
  return entries
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        // `pid (comm) state ppid pgrp …`: comm may hold spaces and parentheses, so read after the last ')'.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(group) === groupId && state !== 'Z' && state !== 'X';
      } catch {
        return false; // ended while we looked
      }
    });
}

/**
 * Stops every process of the group led by `groupId` (a child spawned with `detached: true`) the way a
 * person at its terminal would: Ctrl-C (SIGINT to the whole group) and wait for the leader to end;
 * then SIGTERM to what is left (a command a script started with `&` ignores SIGINT), and SIGKILL to
 * what is still there after {@link GRACE_MS}. Resolves once no process of the group is left.
 * @throws Error naming the processes still alive after SIGKILL.
 */
export async function stopProcessGroup(groupId: number, graceMs = GRACE_MS): Promise<void> {
  if (!signalGroup(groupId, 'SIGINT')) return;
  await until(() => !liveGroupMembers(groupId).includes(groupId), graceMs);
  if (!signalGroup(groupId, 'SIGTERM')) return;
  if (await until(() => liveGroupMembers(groupId).length === 0, graceMs)) return;
  signalGroup(groupId, 'SIGKILL');
  if (!(await until(() => liveGroupMembers(groupId).length === 0, 5_000))) {
    throw new Error(
      `process group ${groupId} still has ${liveGroupMembers(groupId).join(', ')} after SIGKILL`,
    );
  }
}

/** SIGKILL to the group at once: for `process.on('exit')`, where nothing asynchronous runs. */
export function killProcessGroup(groupId: number): void {
  signalGroup(groupId, 'SIGKILL');
}

/** Whether `condition` came true within `timeoutMs`, checked every {@link POLL_MS}. */
async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}

function signalGroup(groupId: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-groupId, signal);
    return true;
  } catch {
    return false; // ESRCH: nothing left in the group
  }
}

function groupAnswersSignals(groupId: number): boolean {
  try {
    process.kill(-groupId, 0);
    return true;
  } catch {
    return false;
  }
}
