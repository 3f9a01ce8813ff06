module.exports = { ...require('../../jest.preset.cjs'), displayName: '@org/bench', rootDir: __dirname };
