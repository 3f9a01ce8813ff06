module.exports = { ...require('../../jest.preset.cjs'), displayName: '@org/webhooks', rootDir: __dirname };
