module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@org/common',
  rootDir: __dirname,
  // The SQL runner's tests run on a real PostgreSQL.
  globalSetup: '<rootDir>/../../tools/dev-db/jest.global-setup.mjs',
  globalTeardown: '<rootDir>/../../tools/dev-db/jest.global-teardown.mjs',
};
