import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Code, Html, Nodes, Parents } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { remark } from 'remark';

/** How a block runs: in the reader's terminal, or started in a second one and left running. */
export type BlockRun =
  | { mode: 'foreground' }
  | {
      mode: 'background';
      /** The block is ready once its output contains this text. */
      readyWhen: string;
    };

/** A ```bash fenced block of a Markdown file. */
export interface ShellBlock {
  /** The Markdown file, as given (relative to the repository root for the docs). */
  file: string;
  /** The line of the opening fence; the block's first command is on the next one. */
  line: number;
  /** The commands, as written between the fences. */
  code: string;
  run: BlockRun;
}

/** A Markdown file's blocks cannot be run as written: an unknown marker, a missing section. */
export class ShellBlockError extends Error {
  override name = 'ShellBlockError';
}

/** What a marker may say; the one place to add a way of running a block. */
const MARKERS: ReadonlyArray<{ form: string; pattern: RegExp; run: (match: RegExpExecArray) => BlockRun }> = [
  {
    form: 'background, ready when "TEXT"',
    pattern: /^background, ready when "(.+)"$/,
    run: (match) => ({ mode: 'background', readyWhen: match[1] }),
  },
];

const RUN_MARKER = /<!--\s*run:([\s\S]*?)-->/g;

/**
 * The ```bash blocks of `markdown`, in order, each with its line and how to run it; only those under
 * the `## <section>` heading when `section` is given (up to the next heading of level 1 or 2).
 * A block runs in the foreground unless an HTML comment on the line(s) right before its fence says
 * otherwise: `<!-- run: background, ready when "Listening on" -->`.
 * @throws ShellBlockError naming the file and line of an unknown marker, of a marker before no
 * ```bash fence, and when `section` is missing or holds no ```bash block.
 */
export function extractShellBlocks(markdown: string, file: string, section?: string): ShellBlock[] {
  const blocks: ShellBlock[] = [];
  const markersUsed = new Set<Html>();
  let currentSection: string | undefined;
  let sectionFound = false;

  const visit = (node: Nodes, parent?: Parents, index = 0) => {
    if (node.type === 'heading' && node.depth <= 2) {
      currentSection = node.depth === 2 ? toString(node) : undefined;
      sectionFound ||= currentSection === section;
    }
    if (node.type === 'code' && node.lang === 'bash' && parent) {
      const markers = markersBefore(node, parent, index);
      markers.forEach((marker) => markersUsed.add(marker));
      if (section === undefined || currentSection === section) {
        blocks.push({ file, line: line(node), code: node.value, run: runOf(markers, file) });
      }
    }
    if ('children' in node) node.children.forEach((child, at) => visit(child, node, at));
  };
  const tree = remark().parse(markdown);
  visit(tree);

  for (const marker of htmlNodes(tree)) {
    if (!markersUsed.has(marker) && hasRunMarker(marker)) {
      throw new ShellBlockError(
        `${file}:${line(marker)}: a run marker must stand right before a \`\`\`bash fence`,
      );
    }
  }
  if (section !== undefined && !sectionFound) {
    throw new ShellBlockError(`${file}: no "## ${section}" section`);
  }
  if (blocks.length === 0) {
    throw new ShellBlockError(
      `${file}: no \`\`\`bash block${section === undefined ? '' : ` under "## ${section}"`}`,
    );
  }
  return blocks;
}

/**
 * Reads `path` and extracts its blocks as {@link extractShellBlocks} does, naming the file relative
 * to `root` in the blocks and errors.
 */
export async function readShellBlocks(root: string, path: string, section?: string): Promise<ShellBlock[]> {
  const absolute = resolve(root, path);
  return extractShellBlocks(await readFile(absolute, 'utf8'), relative(root, absolute), section);
}

/** The HTML nodes ending on the lines right before the fence, nearest last. */
function markersBefore(code: Code, parent: Parents, index: number): Html[] {
  const markers: Html[] = [];
  let nextLine = line(code);
  for (let at = index - 1; at >= 0; at--) {
    const sibling = parent.children[at];
    if (sibling.type !== 'html' || sibling.position?.end.line !== nextLine - 1) break;
    markers.unshift(sibling);
    nextLine = line(sibling);
  }
  return markers;
}

function runOf(markers: readonly Html[], file: string): BlockRun {
  let run: BlockRun = { mode: 'foreground' };
  for (const marker of markers) {
    for (const [, text] of marker.value.matchAll(RUN_MARKER)) {
      const said = text.trim().replace(/\s+/g, ' ');
      const known = MARKERS.map((candidate) => ({ candidate, match: candidate.pattern.exec(said) })).find(
        ({ match }) => match,
      );
      if (!known?.match) {
        const forms = MARKERS.map(({ form }) => `<!-- run: ${form} -->`).join(', ');
        throw new ShellBlockError(
          `${file}:${line(marker)}: unknown marker "<!-- run: ${said} -->" (known: ${forms})`,
        );
      }
      run = known.candidate.run(known.match);
    }
  }
  return run;
}

function hasRunMarker(node: Html): boolean {
  return [...node.value.matchAll(RUN_MARKER)].length > 0;
}

function htmlNodes(node: Nodes): Html[] {
  if (node.type === 'html') return [node];
  return 'children' in node ? node.children.flatMap((child) => htmlNodes(child)) : [];
}

function line(node: Nodes): number {
  return node.position?.start.line ?? 0;
}
