// Lets the compiled bench import the workspace-only `@org/<package>/internal` entry points.
// They resolve only under the `@org/source` condition and the libraries' builds leave them out (so
// that packing ships no such file; ARCHITECTURE.md, "Public API"), while the bench runs on those
// builds: running it on the sources instead would need a decorator transform Node does not have.
// Each entry point is a list of re-exports, so its source is loaded as if it stood in the build
// (`dist/internal.js`): its relative imports then reach the built modules the rest of the library
// runs from, and a class the bench looks up in Nest's container (`DeliveryWorker`) is the same one.
import { readFileSync } from 'node:fs';
import { registerHooks, stripTypeScriptTypes } from 'node:module';
import { fileURLToPath } from 'node:url';

const INTERNAL_ENTRY = /^@org\/[^/]+\/internal$/;
/** `dist/internal.js` URL → the `src/internal.ts` URL whose text it loads. */
const sources = new Map();

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (!INTERNAL_ENTRY.test(specifier)) return nextResolve(specifier, context);
    const source = nextResolve(specifier, { ...context, conditions: ['@org/source', ...context.conditions] });
    const built = source.url.replace(/\/src\/internal\.ts$/, '/dist/internal.js');
    if (built === source.url)
      throw new Error(`${specifier} resolved to ${source.url}, not a src/internal.ts`);
    sources.set(built, source.url);
    return { url: built, format: 'module', shortCircuit: true };
  },
  load(url, context, nextLoad) {
    const source = sources.get(url);
    if (source === undefined) return nextLoad(url, context);
    const text = stripTypeScriptTypes(readFileSync(fileURLToPath(source), 'utf8'));
    return { format: 'module', source: text, shortCircuit: true };
  },
});
