#!/usr/bin/env node
// `pack-manifest prepare|restore`: a library's prepack/postpack step, run by npm in its folder
// (Node 24 runs this TypeScript directly: erasable syntax only, `.ts` imports).
import { preparePackageJson, restorePackageJson } from './manifest-swap.ts';

const [command] = process.argv.slice(2);
try {
  if (command === 'prepare') {
    const published = preparePackageJson(process.cwd());
    console.log(`pack-manifest: ${published.name}@${published.version} package.json prepared for packing`);
  } else if (command === 'restore') {
    restorePackageJson(process.cwd());
  } else {
    console.error('usage: pack-manifest prepare|restore (in the package folder, from prepack/postpack)');
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`pack-manifest: ${(error as Error).message}`);
  process.exitCode = 1;
}
