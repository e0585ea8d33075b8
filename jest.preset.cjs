// Shared jest settings for every project: TypeScript through ts-jest (transpile only; `typecheck`
// targets run tsc), and `@nln/<name>` mapped to each package's source entry.
const path = require('node:path');

const packages = ['datasets', 'models', 'nln-core', 'metrics', 'mvtec-patching'];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.spec.base.json') }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: Object.fromEntries([
    ...packages.map((name) => [`^@nln/${name}$`, path.join(__dirname, 'packages', name, 'src', 'index.ts')]),
    ...packages.map((name) => [`^@nln/${name}/browser$`, path.join(__dirname, 'packages', name, 'src', 'browser.ts')]),
  ]),
  testMatch: ['**/*.spec.ts'],
};
