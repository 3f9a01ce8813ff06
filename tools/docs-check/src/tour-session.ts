import { spawn } from 'node:child_process';
import { watchProcess, type WatchedProcess } from '@org/dev-db';
import { ForegroundShell, ShellBlockFailure } from './foreground-shell.js';
import { killProcessGroup, stopProcessGroup } from './process-group.js';
import type { ShellBlock } from './shell-blocks.js';

const TAIL_CHARS = 3_000;

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
   * @throws ShellBlockFailure naming the file and line of the first block that fails, with its output.
   */
  async run(blocks: readonly ShellBlock[]): Promise<void> {
    for (const block of blocks) {
      if (block.run.mode === 'background') {
        const watched = this.startBackground(block);
        this.ran.push({ block, output: () => watched.output() });
        try {
          await watched.waitForOutput(block.run.readyWhen, this.options.readyTimeoutMs ?? 300_000);
        } catch (error) {
          throw new ShellBlockFailure(
            `${block.file}:${block.line}: the background block never printed "${block.run.readyWhen}": ${(error as Error).message}`,
            { cause: error },
          );
        }
      } else {
        const output = await this.shell
          .run(block, this.options.blockTimeoutMs ?? 120_000)
          .catch((error: unknown) => {
            throw new ShellBlockFailure(`${(error as Error).message}${this.backgroundTails()}`, {
              cause: error,
            });
          });
        this.ran.push({ block, output: () => output });
      }
    }
  }

  /** The value of a variable in the foreground shell, as the blocks left it ('' when unset). */
  variable(name: string): Promise<string> {
    return this.shell.variable(name);
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
  private backgroundTails(): string {
    return this.ran
      .filter(({ block }) => block.run.mode === 'background')
      .map(
        ({ block, output }) =>
          `\n\n--- end of the output of ${block.file}:${block.line} ---\n${output().slice(-TAIL_CHARS)}`,
      )
      .join('');
  }

  private startBackground(block: ShellBlock): WatchedProcess {
    const child = spawn('bash', ['--noprofile', '--norc', '-euo', 'pipefail', '-c', block.code], {
      cwd: this.options.cwd,
      env: this.options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) this.groups.push(child.pid);
    const watched = watchProcess(child);
    return watched;
  }
}
