import { spawn } from 'node:child_process';
import { watchProcess, type WatchedProcess } from '@org/dev-db';
import { ForegroundShell, ShellBlockFailure } from './foreground-shell.js';
import { drainOutput } from './output-drained.js';
import { killProcessGroup, liveGroupMembers, stopProcessGroup } from './process-group.js';
import type { ForegroundRun, ShellBlock } from './shell-blocks.js';

const TAIL_CHARS = 3_000;
/** Between two runs of a block marked `again until it prints`: a query of an asynchronous log. */
const REPEAT_PAUSE_MS = 250;

/** Where and how long the blocks run. */
export interface TourOptions {
  /** The folder every terminal starts in: the repository root for the docs. */
  cwd: string;
  /** The environment of every terminal (see `userEnvironment`). */
  env: Record<string, string>;
  /** How long a background block may take to print its ready text. @default 300_000 */
  readyTimeoutMs?: number;
  /** How long a foreground block may run. @default 120_000 */
  blockTimeoutMs?: number;
  /** How long to wait for what a block is marked to wait for (`once … is printed`, `again until …`). @default 60_000 */
  waitTimeoutMs?: number;
}

/** A block that ran, and what it printed (a background block's output grows while it runs). */
export interface BlockOutput {
  block: ShellBlock;
  output(): string;
}

/**
 * The terminals of a reader following a page: foreground blocks run in order in one shell
 * ({@link ForegroundShell}); each background block starts in a terminal of its own (a fresh
 * `bash -euo pipefail` in its own process group, with the initial environment: a second terminal
 * shares no variables with the first), is waited on until it prints its ready text, and keeps
 * running until {@link stop}. Call `stop()` in a `finally`/`afterAll`: it stops every process group,
 * and a last-resort exit hook SIGKILLs them if this process ends first.
 */
export class TourSession {
  private readonly shell: ForegroundShell;
  private readonly groups: number[] = [];
  private readonly backgrounds: Array<{ block: ShellBlock; watched: WatchedProcess }> = [];
  private readonly ran: BlockOutput[] = [];
  private readonly killOnExit = () => this.groups.forEach(killProcessGroup);

  constructor(private readonly options: TourOptions) {
    this.shell = new ForegroundShell(options);
    this.groups.push(this.shell.processGroup);
    process.on('exit', this.killOnExit);
  }

  /** Every block run so far, in order, with its output. */
  get outputs(): readonly BlockOutput[] {
    return this.ran;
  }

  /**
   * Runs `blocks` in order.
   * @throws ShellBlockFailure naming the file and line of the first block that fails, with its output
   * and the end of each background terminal's output.
   */
  async run(blocks: readonly ShellBlock[]): Promise<void> {
    for (const block of blocks) {
      try {
        if (block.run.mode === 'background') await this.startBackground(block, block.run.readyWhen);
        else this.ran.push({ block, output: constant(await this.runForeground(block, block.run)) });
      } catch (error) {
        throw new ShellBlockFailure(`${(error as Error).message}${this.backgroundTails(block)}`, {
          cause: error,
        });
      }
    }
  }

  /**
   * Resolves once a background terminal has printed `text`.
   * @throws ShellBlockFailure when none has within `timeoutMs`.
   */
  async waitForPrinted(text: string, timeoutMs = this.options.waitTimeoutMs ?? 60_000): Promise<void> {
    try {
      await Promise.any(this.backgrounds.map(({ watched }) => watched.waitForOutput(text, timeoutMs)));
    } catch (error) {
      throw new ShellBlockFailure(`no background terminal printed "${text}" within ${timeoutMs} ms`, {
        cause: error,
      });
    }
  }

  /** The value of a variable in the foreground shell, as the blocks left it ('' when unset). */
  variable(name: string): Promise<string> {
    return this.shell.variable(name);
  }

  /** The processes still alive in the process groups of the tour's terminals. */
  liveProcesses(): number[] {
    return this.groups.flatMap(liveGroupMembers);
  }

  /** Stops the background terminals (latest first, as a reader would close them) and the shell. */
  async stop(): Promise<void> {
    const failures: unknown[] = [];
    for (const group of [...this.groups].reverse()) {
      await stopProcessGroup(group).catch((error: unknown) => failures.push(error));
    }
    await this.shell.stop().catch((error: unknown) => failures.push(error));
    process.off('exit', this.killOnExit);
    if (failures.length > 0) throw new AggregateError(failures, 'some of the tour processes did not stop');
  }

  /** The end of each background terminal's output, for a failure's message: the app's log says why. */
  private backgroundTails(failed: ShellBlock): string {
    return this.backgrounds
      .filter(({ block }) => block !== failed) // a background block's failure shows its output already
      .map(
        ({ block, watched }) =>
          `\n\n--- end of the output of ${block.file}:${block.line} ---\n${watched.output().slice(-TAIL_CHARS)}`,
      )
      .join('');
  }

  private async runForeground(block: ShellBlock, run: ForegroundRun): Promise<string> {
    const where = `${block.file}:${block.line}`;
    if (run.afterPrinted !== undefined) {
      await this.waitForPrinted(run.afterPrinted).catch((error: Error) => {
        throw new ShellBlockFailure(`${where}: waited to run it: ${error.message}`, { cause: error });
      });
    }
    const timeoutMs = this.options.waitTimeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const output = await this.shell.run(block, this.options.blockTimeoutMs ?? 120_000);
      if (run.repeatUntil === undefined || output.includes(run.repeatUntil)) return output;
      if (Date.now() > deadline) {
        throw new ShellBlockFailure(
          `${where}: ran again for ${timeoutMs} ms and never printed "${run.repeatUntil}"; its last output:\n${output}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, REPEAT_PAUSE_MS));
    }
  }

  private async startBackground(block: ShellBlock, readyWhen: string): Promise<void> {
    const child = spawn('bash', ['--noprofile', '--norc', '-euo', 'pipefail', '-c', block.code], {
      cwd: this.options.cwd,
      env: this.options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) this.groups.push(child.pid);
    const watched = watchProcess(child);
    const drained = drainOutput(child);
    this.backgrounds.push({ block, watched });
    this.ran.push({ block, output: () => watched.output() });
    const timeoutMs = this.options.readyTimeoutMs ?? 300_000;
    try {
      await watched.waitForOutput(readyWhen, timeoutMs);
    } catch (error) {
      const ended = watched.ended();
      if (ended) await drained();
      const why = ended ? `it exited with ${await watched.exited}` : `not within ${timeoutMs} ms`;
      throw new ShellBlockFailure(
        `${block.file}:${block.line}: never printed "${readyWhen}" (${why}); its output:\n${watched.output()}`,
        { cause: error },
      );
    }
  }
}

function constant(text: string): () => string {
  return () => text;
}
