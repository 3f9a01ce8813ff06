// Node module hooks that run this repo's TypeScript sources directly in a child process (the crash
// test kills real processes): `.js` specifiers of nodenext-style sources resolve to the `.ts` files
// beside them, and `.ts` files are compiled by SWC with the repo's .swcrc (legacy decorators and
// decorator metadata, which Node's own type stripping does not support).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transform } from '@swc/core';

const swcrc = JSON.parse(readFileSync(new URL('../../../../../.swcrc', import.meta.url), 'utf8'));

export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const candidate = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(fileURLToPath(candidate))) return nextResolve(candidate.href, context);
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts') || url.includes('/node_modules/')) return nextLoad(url, context);
  const filename = fileURLToPath(url);
  const { code } = await transform(readFileSync(filename, 'utf8'), { ...swcrc, swcrc: false, filename });
  return { format: 'module', source: code, shortCircuit: true };
}
