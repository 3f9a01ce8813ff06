import { readdir, readFile } from 'node:fs/promises';
import type { MikroORM } from '@mikro-orm/postgresql';

/** Linux's clock ticks per second for `/proc/<pid>/stat` times (`getconf CLK_TCK`; 100 on every common kernel). */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU spent between `start()` and the returned reading, in microseconds. */
export interface CpuMeter {
  /** Starts (or restarts) the measurement. */
  start(): Promise<void>;
  /** Microseconds of CPU since `start()`. */
  read(): Promise<number>;
}

/**
 * The calling thread's CPU (`process.threadCpuUsage`): the engine runs on the main thread, while the
 * loopback endpoints answer from a worker thread of their own, so they are not counted.
 */
export function threadCpuMeter(): CpuMeter {
  let started = 0;
  const now = (): number => {
    const usage = process.threadCpuUsage();
    return usage.user + usage.system;
  };
  return {
    start: async () => void (started = now()),
    read: async () => now() - started,
  };
}

/**
 * The CPU of a PostgreSQL server's processes (postmaster, backends, WAL writer, checkpointer,
 * autovacuum), read from `/proc`: the postmaster is the parent of the backend answering `orm`, its
 * children are the rest. A process that exits during the measurement loses its share, so keep the
 * connections open across it (pools do). Linux only.
 */
export async function postgresCpuMeter(orm: MikroORM): Promise<CpuMeter> {
  const [{ pid }] = await orm.em.getConnection().execute<{ pid: number }[]>('select pg_backend_pid() as pid');
  const postmaster = (await procStat(pid))?.ppid;
  if (postmaster === undefined) throw new Error(`cannot read /proc/${pid}/stat`);
  let baseline = new Map<number, number>();
  const snapshot = async (): Promise<Map<number, number>> => {
    const ticks = new Map<number, number>();
    for (const entry of await readdir('/proc')) {
      const candidate = Number(entry);
      if (!Number.isInteger(candidate)) continue;
      const stat = await procStat(candidate);
      if (stat && (candidate === postmaster || stat.ppid === postmaster)) ticks.set(candidate, stat.ticks);
    }
    return ticks;
  };
  return {
    start: async () => void (baseline = await snapshot()),
    read: async () => {
      let ticks = 0;
      for (const [process, now] of await snapshot()) ticks += now - (baseline.get(process) ?? 0);
      return (ticks * 1_000_000) / CLOCK_TICKS_PER_SECOND;
    },
  };
}

/** Parent pid and user + system clock ticks of a process, or null once it is gone. */
async function procStat(pid: number): Promise<{ ppid: number; ticks: number } | null> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (2nd field) is in parentheses and may hold spaces: split after its last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // After the name: state(3) ppid(4) … utime(14) stime(15), so indices shift by 3.
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}
