import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (browsers cannot be downloaded here); `CHROMIUM_PATH` overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the browser suites keep their screenshots (git-ignored, kept after the run). */
export const ARTIFACTS_DIR = join(import.meta.dirname, '..', '..', 'test-artifacts');

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

/** The browser's path, or an error that says how to install it (the suite fails, never skips). */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install it with \`apt-get update && apt-get install -y chromium\` (or set CHROMIUM_PATH).`,
    );
  return CHROMIUM_PATH;
}

/** A headless Chromium on a fresh profile (its own user-data-dir, removed on close). */
export async function launchFreshProfile(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'console-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: requireChromium(),
    args: FLAGS,
    headless: true,
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The path of screenshot `name` under {@link ARTIFACTS_DIR}. */
export function artifact(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}

/** A fresh profile with the console of `baseUrl` open and signed in with `key`, on its first page. */
export async function signedInConsole(
  baseUrl: string,
  key: string,
): Promise<{ browser: { context: BrowserContext; close(): Promise<void> }; page: Page }> {
  const browser = await launchFreshProfile();
  const page = await browser.context.newPage();
  await page.goto(`${baseUrl}/console`);
  await page.getByLabel('API key').fill(key);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Subscriptions' }).waitFor();
  return { browser, page };
}
