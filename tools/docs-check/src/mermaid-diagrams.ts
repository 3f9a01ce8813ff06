import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** A ```mermaid fenced block of a Markdown file. */
export interface MermaidDiagram {
  file: string;
  /** The line of the opening fence. */
  line: number;
  code: string;
}

const MERMAID_FENCE = /^```mermaid\n([\s\S]*?)^```$/gm;

/** Every ```mermaid block of `files` (relative to `root`), in order. */
export async function readMermaidDiagrams(root: string, files: readonly string[]): Promise<MermaidDiagram[]> {
  const diagrams: MermaidDiagram[] = [];
  for (const file of files) {
    const text = await readFile(join(root, file), 'utf8');
    for (const match of text.matchAll(MERMAID_FENCE)) {
      const line = text.slice(0, match.index).split('\n').length;
      diagrams.push({ file, line, code: match[1]! });
    }
  }
  return diagrams;
}

/**
 * The browser bundle of `mermaid`, the renderer GitHub and GitLab use for these blocks: loaded into
 * the page from node_modules, since nothing may come from a CDN.
 */
export function mermaidBundlePath(): string {
  return createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
}
