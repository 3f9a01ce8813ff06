module.exports = { ...require('../../jest.preset.cjs'), displayName: '@org/receiver', rootDir: __dirname };
