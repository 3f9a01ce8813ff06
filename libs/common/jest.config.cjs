module.exports = { ...require('../../jest.preset.cjs'), displayName: '@org/common', rootDir: __dirname };
