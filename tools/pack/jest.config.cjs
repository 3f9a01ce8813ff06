module.exports = { ...require('../../jest.preset.cjs'), displayName: '@org/pack', rootDir: __dirname };
