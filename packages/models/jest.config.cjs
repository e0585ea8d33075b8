/** @type {import('jest').Config} */
// Training steps on the shared cpu backend can take seconds each on a loaded machine.
module.exports = { ...require('../../jest.preset.cjs'), displayName: 'models', rootDir: __dirname, testTimeout: 120000 };
