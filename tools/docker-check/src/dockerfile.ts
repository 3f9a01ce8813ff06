import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The workspace checkout this project lives in. */
export const WORKSPACE_ROOT = join(import.meta.dirname, '..', '..', '..');

/** One instruction of a Dockerfile: `RUN npm ci` → `{ keyword: 'RUN', flags: {}, value: 'npm ci' }`. */
export interface Instruction {
  keyword: string;
  /** Leading `--name=value` flags (`COPY --from=build`, `HEALTHCHECK --interval=10s`). */
  flags: Record<string, string>;
  /** The rest of the line, continuation lines joined. */
  value: string;
}

/** A build stage: `FROM image AS name` and its instructions. */
export interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/**
 * The stages of a Dockerfile: comments and blank lines dropped, lines ending in `\` joined with
 * the next, leading `--flags` split off. Only what the recipe here uses; no parser directives or
 * heredocs.
 */
export function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const flags: Record<string, string> = {};
    let value = rest.replace(/\s+/g, ' ');
    for (let flag = /^--([\w-]+)=(\S+)\s*/.exec(value); flag; flag = /^--([\w-]+)=(\S+)\s*/.exec(value)) {
      flags[flag[1]!] = flag[2]!;
      value = value.slice(flag[0].length);
    }
    const instruction = { keyword: keyword.toUpperCase(), flags, value };
    if (instruction.keyword === 'FROM') {
      const [from = '', , name] = value.split(' ');
      stages.push({ from, name, instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`${keyword} before the first FROM`);
      stage.instructions.push(instruction);
    }
  }
  return stages;
}

/** The repository's Dockerfile, parsed. */
export function readDockerfile(path = join(WORKSPACE_ROOT, 'Dockerfile')): Stage[] {
  return parseDockerfile(readFileSync(path, 'utf8'));
}

/** The values of `keyword` in `stage`, in order. */
export function valuesOf(stage: Stage, keyword: string): string[] {
  return stage.instructions
    .filter((instruction) => instruction.keyword === keyword)
    .map(({ value }) => value);
}

/** The last instruction `keyword` of `stage` (Docker keeps the last CMD, USER, WORKDIR). */
export function lastOf(stage: Stage, keyword: string): Instruction | undefined {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
}

/** An exec-form command (`["node", "dist/main.js"]`), which is what the recipe's CMDs must be. */
export function execForm(value: string): string[] {
  const command = JSON.parse(value) as unknown;
  if (!Array.isArray(command) || command.length === 0 || !command.every((part) => typeof part === 'string'))
    throw new Error(`not an exec-form command: ${value}`);
  return command as string[];
}

/** `ENV A=1 B=2` of a stage, in order, later ones winning. Values here never hold spaces. */
export function environmentOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const value of valuesOf(stage, 'ENV')) {
    for (const pair of value.split(' ')) {
      const at = pair.indexOf('=');
      if (at <= 0) throw new Error(`ENV ${value}: write each variable as NAME=value`);
      env[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  return env;
}
