import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseDockerfile, readDockerfile, WORKSPACE_ROOT } from './dockerfile.js';
import { imageRecipe, localCommand } from './image-recipe.js';

describe('parseDockerfile', () => {
  it('reads stages, joined continuation lines and leading flags, without comments', () => {
    const stages = parseDockerfile(
      [
        '# a comment',
        'FROM node:24 AS build',
        'RUN npm ci \\',
        '  && npm run build',
        'FROM node:24-slim',
        'COPY --from=build /app /app',
        'HEALTHCHECK --interval=10s \\',
        '  CMD ["node", "-e", "1"]',
      ].join('\n'),
    );
    expect(stages).toEqual([
      {
        from: 'node:24',
        name: 'build',
        instructions: [{ keyword: 'RUN', flags: {}, value: 'npm ci && npm run build' }],
      },
      {
        from: 'node:24-slim',
        name: undefined,
        instructions: [
          { keyword: 'COPY', flags: { from: 'build' }, value: '/app /app' },
          { keyword: 'HEALTHCHECK', flags: { interval: '10s' }, value: 'CMD ["node", "-e", "1"]' },
        ],
      },
    ]);
  });
});

describe("the repository's Dockerfile", () => {
  const recipe = imageRecipe(readDockerfile());

  it('builds in one stage and runs the staged production install in another, copied as one folder', () => {
    expect(recipe.stagingCommands).toEqual(['sh ops/docker/stage-production.sh /workspace /app']);
    expect(recipe.copied).toEqual({ from: '/app', to: '/app' });
    expect(recipe.workdir).toBe('/app/apps/api');
    expect(recipe.cmd).toEqual(['node', 'dist/main.js']);
  });

  it('runs as the unprivileged node user with NODE_ENV=production', () => {
    expect(recipe.user).toBe('node');
    expect(recipe.env).toMatchObject({ NODE_ENV: 'production', PORT: '3000' });
  });

  it("checks health on the app's readiness probe, at the port the app listens on", () => {
    expect(recipe.healthcheck.slice(0, 2)).toEqual(['node', '-e']);
    expect(recipe.healthcheck[2]).toContain("'/api/health/ready'");
    expect(recipe.healthcheck[2]).toContain('process.env.PORT');
  });

  it('maps the image paths of a RUN to the workspace and the staging folder', () => {
    expect(
      localCommand(recipe.stagingCommands[0]!, recipe, { workspaceRoot: '/w', stageDir: '/tmp/x/image' }),
    ).toBe('sh ops/docker/stage-production.sh /w /tmp/x/image');
  });

  it('keeps what the build does not need out of the build context', () => {
    const ignored = readFileSync(join(WORKSPACE_ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git', '**/.data']));
  });
});
