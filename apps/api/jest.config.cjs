module.exports = { ...require('../../jest.preset.cjs'), displayName: '@org/api', rootDir: __dirname };
