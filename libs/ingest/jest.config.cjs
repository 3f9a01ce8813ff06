module.exports = { ...require('../../jest.preset.cjs'), displayName: '@org/ingest', rootDir: __dirname };
