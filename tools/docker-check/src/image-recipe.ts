import { environmentOf, execForm, lastOf, valuesOf, type Stage } from './dockerfile.js';

/**
 * The build stage's first RUN, which `npm test` does through Nx instead (the test target depends on
 * `@org/api:build`): the workspace installed with its dev dependencies, and the app built.
 */
export const WORKSPACE_BUILD = 'npm ci --no-audit --no-fund && npx nx run @org/api:build';

/** What the Dockerfile does, as the check replays it. */
export interface ImageRecipe {
  /** The build stage's working directory, where the workspace is (`/workspace`). */
  buildDir: string;
  /** The build stage's RUNs after {@link WORKSPACE_BUILD}: the production staging, as written. */
  stagingCommands: string[];
  /** The final stage's `COPY --from=<build stage> <from> <to>`: the staged folder, into the image. */
  copied: { from: string; to: string };
  /** The final stage's `ENV`. */
  env: Record<string, string>;
  /** The final stage's `WORKDIR`. */
  workdir: string;
  /** The final stage's `USER`. */
  user: string;
  /** The final stage's `CMD`. */
  cmd: string[];
  /** The command of the final stage's `HEALTHCHECK … CMD [...]`. */
  healthcheck: string[];
}

/**
 * Reads the recipe out of the Dockerfile's two stages.
 * @throws Error naming what the check cannot replay (another layout, a shell-form CMD, …).
 */
export function imageRecipe(stages: readonly Stage[]): ImageRecipe {
  if (stages.length !== 2)
    throw new Error(`expected a build stage and a final stage, found ${stages.length} stages`);
  const [build, final] = stages as [Stage, Stage];
  const [workspaceBuild, ...stagingCommands] = valuesOf(build, 'RUN');
  if (workspaceBuild !== WORKSPACE_BUILD)
    throw new Error(`the build stage's first RUN is "${workspaceBuild}", not "${WORKSPACE_BUILD}"`);
  const copies = final.instructions.filter(({ keyword }) => keyword === 'COPY');
  const [copy] = copies;
  if (copies.length !== 1 || !copy || copy.flags.from !== build.name)
    throw new Error(`the final stage must copy one folder --from=${build.name}, and nothing else`);
  const [from, to, ...more] = copy.value.split(' ');
  if (!from || !to || more.length > 0) throw new Error(`COPY ${copy.value}: one source and one target`);
  const healthcheck = lastOf(final, 'HEALTHCHECK')?.value ?? '';
  if (!healthcheck.startsWith('CMD ')) throw new Error(`HEALTHCHECK ${healthcheck}: expected CMD [...]`);
  return {
    buildDir: required(lastOf(build, 'WORKDIR')?.value, 'the build stage has no WORKDIR'),
    stagingCommands,
    copied: { from, to },
    env: environmentOf(final),
    workdir: required(lastOf(final, 'WORKDIR')?.value, 'the final stage has no WORKDIR'),
    user: required(lastOf(final, 'USER')?.value, 'the final stage has no USER'),
    cmd: execForm(required(lastOf(final, 'CMD')?.value, 'the final stage has no CMD')),
    healthcheck: execForm(healthcheck.slice('CMD '.length)),
  };
}

/** The place on this machine of an image path: under the workspace or under the staged folder. */
export interface PathMap {
  workspaceRoot: string;
  stageDir: string;
}

/**
 * `imagePath` on this machine: below the build stage's working directory → the workspace, below the
 * copied folder (as built, or as copied into the final image) → the staged folder; else unchanged.
 */
export function hostPath(
  imagePath: string,
  recipe: ImageRecipe,
  { workspaceRoot, stageDir }: PathMap,
): string {
  const roots: [string, string][] = [
    [recipe.copied.from, stageDir],
    [recipe.copied.to, stageDir],
    [recipe.buildDir, workspaceRoot],
  ];
  for (const [root, local] of roots) {
    if (imagePath === root) return local;
    if (imagePath.startsWith(`${root}/`)) return `${local}${imagePath.slice(root.length)}`;
  }
  return imagePath;
}

/** A shell-form RUN with its absolute image paths put where they are on this machine. */
export function localCommand(command: string, recipe: ImageRecipe, paths: PathMap): string {
  return command
    .split(' ')
    .map((word) => (word.startsWith('/') ? hostPath(word, recipe, paths) : word))
    .join(' ');
}

function required(value: string | undefined, problem: string): string {
  if (!value) throw new Error(problem);
  return value;
}
