import { glob } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { remark } from 'remark';
import remarkValidateLinks, { type Options as LinkOptions } from 'remark-validate-links';
import { engine, type Context, type Options as EngineOptions } from 'unified-engine';

/** The Markdown a reader of the repository meets: the front door, the guides, each package's pages. */
export const DOC_FILE_PATTERNS = [
  'README.md',
  'CONTRIBUTING.md',
  'ARCHITECTURE.md',
  'docs/**/*.md',
  'libs/*/README.md',
  'libs/*/CHANGELOG.md',
] as const;

/** One link that leads nowhere. */
export interface DeadLink {
  /** The Markdown file holding the link, relative to the root checked. */
  file: string;
  line: number;
  column: number;
  /** What is missing: `Cannot find file …` or `Cannot find heading for #… in …`. */
  reason: string;
}

/** The files `patterns` match under `root`, relative to it, sorted; a pattern matching none adds none. */
export async function findDocFiles(
  root: string,
  patterns: readonly string[] = DOC_FILE_PATTERNS,
): Promise<string[]> {
  const files = new Set<string>();
  for (const pattern of patterns) {
    for await (const file of glob(pattern, { cwd: root, exclude: (name) => name === 'node_modules' })) {
      files.add(file);
    }
  }
  return [...files].sort();
}

/**
 * Checks every relative link and `#anchor` in `files` (paths relative to `root`): the file must exist
 * and the anchor must be a heading of it as GitHub slugs headings (or an `id`/`name` in its HTML).
 * remark-validate-links does the checking; run through unified-engine, as its CLI does, it also
 * reads the files linked to and so checks anchors into other files, which its plain API does not.
 *
 * External `http(s)` links are not checked: nothing here may reach the network (the machines that
 * run this reach the npm registry only), and a check that depends on other sites' uptime would fail
 * for reasons unrelated to our docs. `repository: false` keeps it from reading a Git remote and
 * treating links to a hosting site's copy of this repository as local.
 */
export async function findDeadLinks(root: string, files: readonly string[]): Promise<DeadLink[]> {
  const context = await new Promise<Context>((done, fail) =>
    engine(
      {
        processor: remark(),
        cwd: root,
        files: [...files],
        // The engine types plugin options as unknown; these are remark-validate-links' own.
        plugins: [[remarkValidateLinks, linkOptions(root)]] as EngineOptions['plugins'],
        // Report nothing to the console and write nothing back: the messages are read below.
        silent: true,
        reporter: () => '',
        out: false,
        output: false,
      },
      (error, _code, result) => (error || !result ? fail(error ?? new Error('no result')) : done(result)),
    ),
  );
  const checked = new Set(files.map((file) => resolve(root, file)));
  return context.files
    .filter((file) => checked.has(resolve(root, file.path)))
    .flatMap((file) =>
      file.messages.map((message) => ({
        file: relative(root, resolve(root, file.path)),
        line: message.line ?? 0,
        column: message.column ?? 0,
        reason: message.reason,
      })),
    )
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

function linkOptions(root: string): LinkOptions {
  return {
    repository: false,
    root,
    // GitHub's rules: `#` before a heading's slug; `#L12` points at a line, not a heading.
    urlConfig: { headingPrefix: '#', lines: true },
  };
}

/** `README.md:12:5: Cannot find file `docs/x.md`` for each dead link, one a line. */
export function formatDeadLinks(deadLinks: readonly DeadLink[]): string {
  return deadLinks.map((link) => `${link.file}:${link.line}:${link.column}: ${link.reason}`).join('\n');
}
