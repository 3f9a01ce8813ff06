import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// Two pages (console, portal) sharing chunks; entries keep stable names so a host app can embed
// the portal element with <script type="module" src="/ui-assets/portal.js">. Everything is bundled:
// nothing is fetched from a CDN at run time.
export default defineConfig({
  root: here('.'),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: here('../dist/ui'),
    emptyOutDir: true,
    assetsDir: 'ui-assets',
    target: 'es2022',
    rolldownOptions: {
      input: { console: here('console/index.html'), portal: here('portal/index.html') },
      output: {
        entryFileNames: 'ui-assets/[name].js',
        chunkFileNames: 'ui-assets/[name]-[hash].js',
        assetFileNames: 'ui-assets/[name]-[hash][extname]',
      },
    },
  },
});
