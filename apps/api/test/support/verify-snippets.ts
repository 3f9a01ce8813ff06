import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The repository root. */
export const WORKSPACE_ROOT = join(import.meta.dirname, '..', '..', '..', '..');

/** Where the verification snippets of docs/receiving-our-webhooks.md live. */
export const VERIFY_EXAMPLES = join(WORKSPACE_ROOT, 'docs', 'examples', 'verify');

/** The Debian package of each program a snippet runs with besides Node.js (which runs the tests). */
export const DEBIAN_PACKAGES: Record<string, string> = {
  python3: 'python3',
  go: 'golang-go',
  ruby: 'ruby',
  php: 'php-cli',
};

/** The apt command that installs every program the snippets need. */
export const INSTALL_COMMAND = `apt-get install -y ${Object.values(DEBIAN_PACKAGES).join(' ')}`;

/** One snippet file and the command its first line documents (`… : python3 verify.py < body.json`). */
export interface VerifySnippet {
  /** Relative to the workspace root, as the page's marker names it. */
  path: string;
  code: string;
  /** Program and arguments, run in {@link VERIFY_EXAMPLES} with the body on standard input. */
  command: string[];
}

/** Every snippet under docs/examples/verify, with the command its first line gives. */
export function verifySnippets(): VerifySnippet[] {
  return readdirSync(VERIFY_EXAMPLES)
    .sort()
    .map((file) => {
      const code = readFileSync(join(VERIFY_EXAMPLES, file), 'utf8');
      const firstComment = code.split('\n').find((line) => /^(\/\/|"""|#)/.test(line)) ?? '';
      const usage = /: ([^:]+?) < body\.json/.exec(firstComment);
      if (!usage) throw new Error(`${file}: its first comment must say "…: <program> ${file} < body.json"`);
      return { path: `docs/examples/verify/${file}`, code, command: usage[1]!.split(' ') };
    });
}

/** A code block of a page taken from a file: `<!-- example: path -->` right before it. */
export function markedSnippets(page: string): Map<string, string> {
  const marked = page.matchAll(/<!-- example: (\S+) -->\s*```[\w-]*\n([\s\S]*?)```/g);
  return new Map([...marked].map(([, path, code]) => [path!, code!]));
}

/** The three Standard Webhooks headers a snippet reads, and the secret it verifies with. */
export interface VerifyInput {
  secret: string;
  id: string;
  timestamp: string;
  signature: string;
  body: Buffer;
}

/** How a snippet ended. */
export interface SnippetRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const execFileAsync = promisify(execFile);

/**
 * Runs a snippet as a reader would (`python3 verify.py < body.json` with the WEBHOOK_* variables set).
 * Go gets its build cache and home in `scratchDir`, and may fetch nothing.
 * @throws Error naming the apt command when the program is not installed.
 */
export async function runSnippet(
  { command }: VerifySnippet,
  { secret, id, timestamp, signature, body }: VerifyInput,
  scratchDir: string,
): Promise<SnippetRun> {
  const [program, ...args] = command as [string, ...string[]];
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: scratchDir,
    GOCACHE: join(scratchDir, 'go-build'),
    GOPATH: join(scratchDir, 'go'),
    GOTOOLCHAIN: 'local',
    GOPROXY: 'off',
    WEBHOOK_SECRET: secret,
    WEBHOOK_ID: id,
    WEBHOOK_TIMESTAMP: timestamp,
    WEBHOOK_SIGNATURE: signature,
  };
  const pending = execFileAsync(program, args, { cwd: VERIFY_EXAMPLES, env, timeout: 120_000 });
  // A program that stops before reading its input closes the pipe: its exit code tells what happened.
  pending.child.stdin!.on('error', () => undefined);
  pending.child.stdin!.end(body);
  try {
    const { stdout, stderr } = await pending;
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { code?: unknown; stdout: string; stderr: string };
    if (failure.code === 'ENOENT') {
      throw new Error(`${program} is not installed; install it with: ${INSTALL_COMMAND}`);
    }
    if (typeof failure.code === 'number') {
      return { exitCode: failure.code, stdout: failure.stdout, stderr: failure.stderr };
    }
    throw error;
  }
}
