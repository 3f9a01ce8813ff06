import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './command.js';

/** A code block of a page taken from a file: `<!-- example: path -->` right before it. */
export interface FileSnippet {
  /** Relative to the workspace root. */
  path: string;
  code: string;
}

/** One package of an `npm install` line: `pg@^8.23.0` → `{ name: 'pg', range: '^8.23.0' }`. */
export interface InstallSpec {
  name: string;
  /** `undefined` when the line names no version (npm then writes `^<latest>`). */
  range: string | undefined;
  dev: boolean;
}

/** The marker of the install commands. */
export const INSTALL_MARKER = 'install';

/** The guide that shows examples/nest-app whole: its install commands, its files, its commands. */
export const GUIDE = 'docs/getting-started.md';

/** The pages that must show marked snippets: the guide, and README's smallest example. */
export const SNIPPET_PAGES = ['README.md', GUIDE] as const;

const SNIPPET = /<!-- example: (\S+) -->\s*```[\w-]*\n([\s\S]*?)```/g;

/**
 * README.md, every page under docs/ and the libraries' READMEs (what npm shows), whose marked
 * snippets must each be their file verbatim.
 */
export function documentationPages(): string[] {
  const docs = readdirSync(join(WORKSPACE_ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => join('docs', file));
  const libraries = readdirSync(join(WORKSPACE_ROOT, 'libs'))
    .map((library) => join('libs', library, 'README.md'))
    .filter((readme) => existsSync(join(WORKSPACE_ROOT, readme)));
  return ['README.md', ...docs.sort(), ...libraries.sort()];
}

/** A page of the workspace, by its path from the root. */
export function readPage(path: string): string {
  return readFileSync(join(WORKSPACE_ROOT, path), 'utf8');
}

/** Every marked code block of `markdown` (the install block has the path {@link INSTALL_MARKER}). */
export function markedSnippets(markdown: string): FileSnippet[] {
  return [...markdown.matchAll(SNIPPET)].map(([, path, code]) => ({ path: path!, code: code! }));
}

/**
 * The packages the `npm install` commands of a shell block install: lines joined at a trailing
 * backslash, comments dropped, `-D` / `--save-dev` marking development dependencies.
 */
export function installSpecs(script: string): InstallSpec[] {
  const commands = script
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line.startsWith('npm install '));
  return commands.flatMap((command) => {
    const words = command.split(/\s+/).slice(2);
    const dev = words.some((word) => word === '-D' || word === '--save-dev');
    return words
      .filter((word) => !word.startsWith('-'))
      .map((word) => {
        const at = word.indexOf('@', 1); // a scope's own @ comes first
        return at < 0
          ? { name: word, range: undefined, dev }
          : { name: word.slice(0, at), range: word.slice(at + 1), dev };
      });
  });
}
