import { describe, expect, it } from '@jest/globals';
import { DOC_FILE_PATTERNS, findDeadLinks, findDocFiles, formatDeadLinks } from './link-check.js';
import { WORKSPACE_ROOT } from './workspace-root.js';

describe("the repository's Markdown", () => {
  it('has no dead relative link or anchor in README, CONTRIBUTING, ARCHITECTURE, docs/ and the packages’ pages', async () => {
    const files = await findDocFiles(WORKSPACE_ROOT, DOC_FILE_PATTERNS);
    expect(files).toEqual(
      expect.arrayContaining(['README.md', 'ARCHITECTURE.md', 'libs/webhooks/README.md']),
    );

    expect(formatDeadLinks(await findDeadLinks(WORKSPACE_ROOT, files))).toBe('');
  });
});
