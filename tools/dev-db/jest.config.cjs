module.exports = { ...require('../../jest.preset.cjs'), displayName: 'dev-db', rootDir: __dirname };
