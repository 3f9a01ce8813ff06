module.exports = { ...require('../../jest.preset.cjs'), displayName: '@org/send', rootDir: __dirname };
