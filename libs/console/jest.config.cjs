module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: '@org/console',
  rootDir: __dirname,
};
