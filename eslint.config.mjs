import nx from '@nx/eslint-plugin';

// Module boundaries: the intended dependency edges between workspace projects.
//   datasets, metrics, mvtec-patching -> no workspace package
//   models -> datasets (types)
//   nln-core -> models, datasets, metrics (the held-out evaluation's AUROCs and thresholds)
//   apps -> any library, never another app
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/coverage', 'results', '.nx', 'tmp'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          banTransitiveDependencies: false,
          checkDynamicDependenciesExceptions: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:datasets', onlyDependOnLibsWithTags: ['scope:none'] },
            { sourceTag: 'scope:metrics', onlyDependOnLibsWithTags: ['scope:none'] },
            { sourceTag: 'scope:mvtec-patching', onlyDependOnLibsWithTags: ['scope:none'] },
            { sourceTag: 'scope:models', onlyDependOnLibsWithTags: ['scope:datasets'] },
            { sourceTag: 'scope:nln-core', onlyDependOnLibsWithTags: ['scope:models', 'scope:datasets', 'scope:metrics'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nln/*/**', '!@nln/*/browser'], message: 'Import other packages only through their public entries, @nln/<name> (or @nln/<name>/browser).' },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];
