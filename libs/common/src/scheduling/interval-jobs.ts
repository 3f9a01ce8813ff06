import type { ModuleRef } from '@nestjs/core';
import { importOptionalPeer } from '../peers/optional-peer.js';

/** What the jobs use of `@nestjs/schedule`'s `SchedulerRegistry` (typed here: the package is optional). */
interface HostSchedulerRegistry {
  addInterval(name: string, intervalId: ReturnType<typeof setInterval>): void;
  deleteInterval(name: string): void;
  doesExist(type: 'interval', name: string): boolean;
}

/**
 * A library's repeating jobs (the delivery engine's retry clock and housekeeping, inbound
 * retention). They run whether or not the host uses `@nestjs/schedule`: it is an optional peer,
 * loaded here only when the jobs start, and never imported by an entry point. When the host has it
 * installed and registered `ScheduleModule.forRoot()`, each job is also entered in the host's
 * `SchedulerRegistry` under its name, so the host lists (and can stop) it beside its own jobs.
 */
export class IntervalJobs {
  private readonly timers = new Map<string, ReturnType<typeof setInterval>>();

  private constructor(private readonly hostRegistry: HostSchedulerRegistry | null) {}

  /**
   * The jobs of one module: entered in the host's `SchedulerRegistry` when there is one (found
   * through `moduleRef` across modules, as `ScheduleModule.forRoot()` registers it globally).
   */
  static async attach(moduleRef: ModuleRef): Promise<IntervalJobs> {
    const schedule = await importOptionalPeer('@nestjs/schedule', () => import('@nestjs/schedule'));
    return new IntervalJobs(schedule ? hostRegistryOf(moduleRef, schedule.SchedulerRegistry) : null);
  }

  /** Whether the jobs are entered in the host's `SchedulerRegistry` (else they run on private timers). */
  get inHostRegistry(): boolean {
    return this.hostRegistry !== null;
  }

  /** Runs `job` every `everyMs` until {@link stopAll}, under `name` (e.g. `webhooks:housekeeping`). */
  add(name: string, everyMs: number, job: () => void): void {
    const timer = setInterval(job, everyMs);
    this.timers.set(name, timer);
    this.hostRegistry?.addInterval(name, timer);
  }

  /** Stops every job this instance added (and takes it out of the host's registry). */
  stopAll(): void {
    for (const [name, timer] of this.timers) {
      // The host may have deleted (and so cleared) it already through its registry.
      if (this.hostRegistry?.doesExist('interval', name)) this.hostRegistry.deleteInterval(name);
      clearInterval(timer);
    }
    this.timers.clear();
  }
}

/** The host's `SchedulerRegistry`, or `null` when the app did not register `ScheduleModule`. */
function hostRegistryOf(
  moduleRef: ModuleRef,
  token: abstract new (...args: never[]) => HostSchedulerRegistry,
): HostSchedulerRegistry | null {
  try {
    return moduleRef.get(token, { strict: false });
  } catch {
    // Nest's UnknownElementException: no module of the app provides it.
    return null;
  }
}
