#!/usr/bin/env node
// `pack-manifest prepare|restore`: a library's prepack/postpack step, run by npm in its folder;
// `pack-manifest sync-examples`: the example apps' ranges on our packages after `changeset version`
// (Node 24 runs this TypeScript directly: erasable syntax only, `.ts` imports).
import { syncExampleRanges } from './example-ranges.ts';
import { preparePackageJson, restorePackageJson } from './manifest-swap.ts';

const [command] = process.argv.slice(2);
try {
  if (command === 'prepare') {
    const published = preparePackageJson(process.cwd());
    console.log(`pack-manifest: ${published.name}@${published.version} package.json prepared for packing`);
  } else if (command === 'restore') {
    restorePackageJson(process.cwd());
  } else if (command === 'sync-examples') {
    for (const [app, changed] of Object.entries(syncExampleRanges(process.cwd())))
      if (changed.length > 0) console.log(`pack-manifest: ${app}: ${changed.join(', ')}`);
  } else {
    console.error(
      'usage: pack-manifest prepare|restore (in the package folder, from prepack/postpack) | sync-examples',
    );
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`pack-manifest: ${(error as Error).message}`);
  process.exitCode = 1;
}
