module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@org/docker-check',
  rootDir: __dirname,
  globalSetup: '<rootDir>/../../tools/dev-db/jest.global-setup.mjs',
  globalTeardown: '<rootDir>/../../tools/dev-db/jest.global-teardown.mjs',
};
