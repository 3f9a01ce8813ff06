module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@org/dev-db',
  rootDir: __dirname,
  globalSetup: '<rootDir>/jest.global-setup.mjs',
  globalTeardown: '<rootDir>/jest.global-teardown.mjs',
};
