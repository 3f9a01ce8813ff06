// Shared Jest settings: TypeScript through SWC (decorator metadata on), emitted as native ESM
// because NestJS 12 and MikroORM 7 ship ESM only. Run with --experimental-vm-modules (Node 24).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const swcrc = JSON.parse(readFileSync(join(__dirname, '.swcrc'), 'utf8'));

module.exports = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  // Relative imports are written with .js endings (nodenext); map them back to the .ts sources.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironmentOptions: { customExportConditions: ['@org/source', 'node', 'node-addons'] },
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  testTimeout: 60_000,
};
