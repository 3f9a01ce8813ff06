import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DOC_FILE_PATTERNS, findDocFiles } from './link-check.js';
import { mermaidBundlePath, readMermaidDiagrams, type MermaidDiagram } from './mermaid-diagrams.js';
import { WORKSPACE_ROOT } from './workspace-root.js';

/** Debian's Chromium (browsers cannot be downloaded here); `CHROMIUM_PATH` overrides it. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Headless, and without the background connections a closed network refuses by the dozen.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Renders `diagram` with mermaid in `page`: the SVG's text, or the parser's error message. */
async function render(
  page: Page,
  diagram: MermaidDiagram,
  index: number,
): Promise<{ svg?: string; error?: string }> {
  return page.evaluate(
    async ({ code, id }) => {
      const mermaid = (globalThis as unknown as { mermaid: MermaidApi }).mermaid;
      try {
        const { svg } = await mermaid.render(id, code);
        return { svg };
      } catch (error) {
        return { error: String((error as Error).message ?? error) };
      }
    },
    { code: diagram.code, id: `diagram-${index}` },
  );
}

interface MermaidApi {
  render(id: string, code: string): Promise<{ svg: string }>;
}

describe('the Mermaid diagrams of the Markdown', () => {
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let diagrams: MermaidDiagram[];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM_PATH))
      throw new Error(
        `No Chromium at ${CHROMIUM_PATH}: install it with \`apt-get update && apt-get install -y chromium\` (or set CHROMIUM_PATH).`,
      );
    diagrams = await readMermaidDiagrams(
      WORKSPACE_ROOT,
      await findDocFiles(WORKSPACE_ROOT, DOC_FILE_PATTERNS),
    );
    profile = mkdtempSync(join(tmpdir(), 'mermaid-profile-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: FLAGS,
      headless: true,
    });
    page = await context.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: mermaidBundlePath() });
    await page.evaluate(() =>
      (globalThis as unknown as { mermaid: { initialize(config: object): void } }).mermaid.initialize({
        startOnLoad: false,
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('include the README’s picture of the publish → deliver and receive → handle paths', () => {
    expect(diagrams.map(({ file }) => file)).toContain('README.md');
  });

  it('each render as a Git host would render them (mermaid), naming the file and line of one that does not', async () => {
    const failures: string[] = [];
    for (const [index, diagram] of diagrams.entries()) {
      const { svg, error } = await render(page, diagram, index);
      if (error !== undefined || !svg?.includes('<svg'))
        failures.push(`${diagram.file}:${diagram.line}: ${error}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('a diagram with a syntax error is reported, so the check above can fail', async () => {
    const broken = { file: 'fixture.md', line: 1, code: 'flowchart LR\n  A -->|unclosed B\n' };
    expect((await render(page, broken, 999)).error).toEqual(expect.any(String));
  });
});
