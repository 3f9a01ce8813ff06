module.exports = { ...require('../../jest.preset.cjs'), displayName: '@org/docs-check', rootDir: __dirname };
