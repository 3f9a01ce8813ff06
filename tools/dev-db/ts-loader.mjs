// Node module hooks that run this workspace's TypeScript sources directly, the way Jest's SWC
// transform does: `.js` specifiers of nodenext-style sources resolve to the `.ts` files beside
// them, and `.ts` files are compiled by @swc/core with the workspace's .swcrc (legacy decorators and
// decorator metadata, which Node's own type stripping does not support). For code that runs outside
// Jest: its global setup, and child processes the tests start and kill (`node --import
// @org/dev-db/ts-register --conditions=@org/source entry.ts`).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transform } from '@swc/core';

const swcrc = JSON.parse(readFileSync(new URL('../../.swcrc', import.meta.url), 'utf8'));

export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const candidate = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(fileURLToPath(candidate))) return nextResolve(candidate.href, context);
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts') || url.includes('/node_modules/')) {
    return nextLoad(url, context);
  }
  const filename = fileURLToPath(url);
  const { code } = await transform(readFileSync(filename, 'utf8'), {
    ...swcrc,
    swcrc: false,
    filename,
    sourceMaps: 'inline',
  });
  return { format: 'module', source: code, shortCircuit: true };
}
