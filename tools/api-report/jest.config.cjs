module.exports = { ...require('../../jest.preset.cjs'), displayName: '@org/api-report', rootDir: __dirname };
