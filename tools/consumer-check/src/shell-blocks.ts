// The smallest runner the getting-started guide needs, with the marker syntax of @org/docs-check's
// tour runner (`<!-- run: background, ready when "TEXT" -->`); the two are to become one.
// The fences are found with a regular expression, as markedSnippets does: the guides write plain
// ``` fences only, and no Markdown library is among this workspace's dependencies.

/** How a shell block of a page runs. */
export type BlockRun =
  /** To completion, in order, sharing its variables with the blocks after it. */
  | { kind: 'foreground' }
  /** "In a second terminal": started, awaited until its output contains `readyWhen`, stopped at the end. */
  | { kind: 'background'; readyWhen: string };

/** A ```bash block of a page, where it is, and how it runs. */
export interface ShellBlock {
  /** The page, as the failure messages name it. */
  file: string;
  /** Line of the opening fence, 1-based. */
  line: number;
  code: string;
  run: BlockRun;
  /**
   * The path of its `<!-- example: path -->` marker: a block checked against a file (the install
   * commands) rather than run.
   */
  example?: string;
}

const FENCE = /^```bash\s*$/;
const COMMENT = /^<!--\s*(.*?)\s*-->$/;
const BACKGROUND = /^background, ready when "([^"]+)"$/;

/**
 * The ```bash blocks of `markdown` in order, with the markers on the lines right before each fence
 * (HTML comments, blank lines between them allowed).
 * @throws Error naming the file and line of a `<!-- run: … -->` marker it does not know.
 */
export function shellBlocks(markdown: string, file: string): ShellBlock[] {
  const lines = markdown.split('\n');
  const blocks: ShellBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (!FENCE.test(lines[index]!)) continue;
    const end = lines.indexOf('```', index + 1);
    if (end < 0) throw new Error(`${file}:${index + 1}: a bash block without its closing fence`);
    blocks.push({
      file,
      line: index + 1,
      code: lines.slice(index + 1, end).join('\n'),
      ...markersBefore(lines, index, file),
    });
    index = end;
  }
  return blocks;
}

function markersBefore(
  lines: readonly string[],
  fence: number,
  file: string,
): Pick<ShellBlock, 'run' | 'example'> {
  let run: BlockRun = { kind: 'foreground' };
  let example: string | undefined;
  for (let index = fence - 1; index >= 0; index--) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    const comment = COMMENT.exec(line)?.[1];
    if (comment === undefined) break;
    if (comment.startsWith('example:')) example = comment.slice('example:'.length).trim();
    else if (comment.startsWith('run:')) run = parseRun(comment.slice('run:'.length).trim(), file, index + 1);
  }
  return { run, ...(example === undefined ? {} : { example }) };
}

function parseRun(marker: string, file: string, line: number): BlockRun {
  const background = BACKGROUND.exec(marker);
  if (background) return { kind: 'background', readyWhen: background[1]! };
  throw new Error(
    `${file}:${line}: unknown marker "run: ${marker}" (known: run: background, ready when "TEXT")`,
  );
}
