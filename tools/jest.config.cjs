/** Workspace-level checks (module boundaries, project graph, packaging), run by `npm test` after the projects' own targets. */
/** @type {import('jest').Config} */
module.exports = { ...require('../jest.preset.cjs'), displayName: 'workspace', rootDir: __dirname };
