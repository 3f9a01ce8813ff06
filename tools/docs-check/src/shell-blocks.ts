import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Html, Nodes, Parents } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { remark } from 'remark';

/** How a block runs: in the reader's terminal, or started in a terminal of its own and left running. */
export type BlockRun = ForegroundRun | BackgroundRun;

/** A block run in the reader's terminal, in order, to its end. */
export interface ForegroundRun {
  mode: 'foreground';
  /** Run it only once a background block has printed this (e.g. the receiver got a delivery). */
  afterPrinted?: string;
  /** Run it again until its output contains this (e.g. a log that fills in asynchronously). */
  repeatUntil?: string;
}

/** A block started in a terminal of its own (`npm start`), running until the end. */
export interface BackgroundRun {
  mode: 'background';
  /** The block is ready once its output contains this. */
  readyWhen: string;
}

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

type MarkerSays = Partial<Omit<ForegroundRun, 'mode'> & Omit<BackgroundRun, 'mode'>>;

/** What a marker may say; the one place to add a way of running a block. */
const MARKERS: ReadonlyArray<{ form: string; pattern: RegExp; says: (text: string) => MarkerSays }> = [
  {
    form: 'background, ready when "TEXT"',
    pattern: /^background, ready when "(.+)"$/,
    says: (readyWhen) => ({ readyWhen }),
  },
  {
    form: 'once "TEXT" is printed',
    pattern: /^once "(.+)" is printed$/,
    says: (afterPrinted) => ({ afterPrinted }),
  },
  {
    form: 'again until it prints "TEXT"',
    pattern: /^again until it prints "(.+)"$/,
    says: (repeatUntil) => ({ repeatUntil }),
  },
];

const RUN_MARKER = /<!--\s*run:([\s\S]*?)-->/g;

/**
 * The ```bash blocks of `markdown`, in order, each with its line and how to run it; only those under
 * the `## <section>` heading when `section` is given (up to the next heading of level 1 or 2).
 * A block runs in the foreground unless HTML comments right before its fence (blank lines between
 * are fine) say otherwise, each one of {@link MARKERS}: `<!-- run: background, ready when "TEXT" -->`,
 * `<!-- run: once "TEXT" is printed -->`, `<!-- run: again until it prints "TEXT" -->`.
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
      const markers = markersBefore(parent, index);
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

/** The HTML nodes right before the fence (with only blank lines between), nearest last. */
function markersBefore(parent: Parents, index: number): Html[] {
  const markers: Html[] = [];
  for (let at = index - 1; at >= 0; at--) {
    const sibling = parent.children[at];
    if (sibling.type !== 'html') break;
    markers.unshift(sibling);
  }
  return markers;
}

function runOf(markers: readonly Html[], file: string): BlockRun {
  const said: MarkerSays = {};
  for (const marker of markers) {
    for (const [, text] of marker.value.matchAll(RUN_MARKER)) {
      const marked = text.trim().replace(/\s+/g, ' ');
      const known = MARKERS.map(({ pattern, says }) => ({ says, match: pattern.exec(marked) })).find(
        ({ match }) => match,
      );
      if (!known?.match) {
        const forms = MARKERS.map(({ form }) => `<!-- run: ${form} -->`).join(', ');
        throw new ShellBlockError(
          `${file}:${line(marker)}: unknown marker "<!-- run: ${marked} -->" (known: ${forms})`,
        );
      }
      Object.assign(said, known.says(known.match[1]));
    }
  }
  const { readyWhen, ...foreground } = said;
  if (readyWhen === undefined) return { mode: 'foreground', ...foreground };
  if (Object.keys(foreground).length > 0) {
    throw new ShellBlockError(`${file}:${line(markers[0])}: a background block cannot also wait or repeat`);
  }
  return { mode: 'background', readyWhen };
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
