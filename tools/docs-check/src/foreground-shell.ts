import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { watchProcess, type WatchedProcess } from '@org/dev-db';
import { drainOutput } from './output-drained.js';
import { stopProcessGroup } from './process-group.js';
import type { ShellBlock } from './shell-blocks.js';

/** A foreground block failed, hung, or the shell ended under it. */
export class ShellBlockFailure extends Error {
  override name = 'ShellBlockFailure';
}

// Before the first block: one stream for stdout and stderr (so a block's output reads in the order
// printed), the strict mode the docs are written for, and a trap that names the Markdown line of a
// failing command (bash knows only the line in the block's file, counted from the fence).
const PRELUDE = String.raw`exec 2>&1
set -euo pipefail
__docs_check_failed() {
  printf '\n✘ exit %s from the command ending at %s:%s: %s\n' "$1" "$__docs_check_file" "$((__docs_check_fence + $2))" "$3"
}
trap '__docs_check_failed "$?" "$LINENO" "$BASH_COMMAND"' ERR
`;

/**
 * One bash process fed block after block, as a person pastes blocks into one terminal: variables,
 * exported or not, functions and the working directory carry from a block to the next. Each block
 * is written to a file and sourced with its standard input from /dev/null, so a command reading
 * stdin cannot swallow the blocks after it. The shell leads its own process group, so stopping it
 * also stops whatever its blocks left running.
 */
export class ForegroundShell {
  private readonly scripts = mkdtempSync(join(tmpdir(), 'docs-check-shell-'));
  private readonly nonce = randomBytes(8).toString('hex');
  private readonly shell;
  private readonly watched: WatchedProcess;
  private readonly drained: () => Promise<void>;
  private blocks = 0;
  private evaluations = 0;

  constructor({ cwd, env }: { cwd: string; env: Record<string, string> }) {
    this.shell = spawn('bash', ['--noprofile', '--norc'], {
      cwd,
      env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // watchProcess reads stdout and stderr only; its type asks for no stdin, this shell has one.
    this.watched = watchProcess(this.shell as unknown as ChildProcessByStdio<null, Readable, Readable>);
    this.drained = drainOutput(this.shell);
    this.shell.stdin.on('error', () => undefined); // writing after the shell ended: reported by run()
    this.shell.stdin.write(PRELUDE);
  }

  /** The process group to stop at the end (the shell's own pid). */
  get processGroup(): number {
    return this.shell.pid ?? 0;
  }

  /**
   * Runs `block` and resolves with what it printed.
   * @throws ShellBlockFailure naming the block's file and line, with its output, when a command fails
   * (the shell then ends, as `set -e` says) or the block runs longer than `timeoutMs`.
   */
  async run(block: ShellBlock, timeoutMs: number): Promise<string> {
    const script = join(this.scripts, `${++this.blocks}.sh`);
    writeFileSync(script, `${block.code}\n`);
    const setting = `__docs_check_file=${quote(block.file)}; __docs_check_fence=${block.line}`;
    try {
      return await this.evaluate(`${setting}\nsource ${quote(script)} < /dev/null`, timeoutMs);
    } catch (error) {
      throw new ShellBlockFailure(`${block.file}:${block.line}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** The value of the shell variable `name` now ('' when unset). */
  async variable(name: string): Promise<string> {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`"${name}" is not a shell variable name`);
    return this.evaluate(`printf '%s' "\${${name}-}"`, 10_000);
  }

  /** Stops the shell and everything it started; removes the block files. */
  async stop(): Promise<void> {
    try {
      await stopProcessGroup(this.processGroup);
    } finally {
      rmSync(this.scripts, { recursive: true, force: true });
    }
  }

  private async evaluate(commands: string, timeoutMs: number): Promise<string> {
    const done = `__docs_check_${this.nonce}_${++this.evaluations}_done__`;
    const start = this.watched.output().length;
    const since = () => this.watched.output().slice(start);
    if (this.watched.ended()) throw new Error(`the shell had already ended:\n${this.watched.output()}`);
    this.shell.stdin.write(`${commands}\nprintf '\\n%s\\n' '${done}'\n`);
    try {
      await this.watched.waitForOutput(done, timeoutMs);
    } catch {
      if (this.watched.ended()) {
        await this.drained();
        throw new Error(
          `failed (the shell exited with ${await this.watched.exited}); its output:\n${since()}`,
        );
      }
      throw new Error(`still running after ${timeoutMs} ms; its output so far:\n${since()}`);
    }
    const output = since();
    // The marker's printf starts with a newline, so output not ending in one stays intact.
    return output.slice(0, output.indexOf(`\n${done}\n`));
  }
}

/** `text` as one single-quoted shell word. */
function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
