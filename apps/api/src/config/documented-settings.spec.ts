import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadAppConfig } from './load-app-config.js';

const CONFIGURATION_GUIDE = join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'configuration.md');

/** The first column of the first table under `## The example app` in docs/configuration.md. */
function documentedVariables(): string[] {
  const guide = readFileSync(CONFIGURATION_GUIDE, 'utf8');
  const section = guide.split(/^## /m).find((part) => part.startsWith('The example app'));
  if (!section) throw new Error('docs/configuration.md has no "## The example app" section');
  return section
    .split('\n')
    .map((line) => /^\| `([A-Z][A-Z0-9_]*)`/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

/** Every environment variable `loadAppConfig` looks at, recorded by an environment that has none set. */
function variablesTheAppReads(): string[] {
  const read = new Set<string>();
  const recorder = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get(_target, key) {
        if (typeof key === 'string') read.add(key);
        return undefined;
      },
    },
  );
  loadAppConfig(recorder);
  return [...read];
}

describe('docs/configuration.md', () => {
  it('lists exactly the environment variables the app reads, each once', () => {
    const documented = documentedVariables();
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual(variablesTheAppReads().sort());
  });
});
