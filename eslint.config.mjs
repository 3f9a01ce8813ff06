// Lint rules for the whole workspace. Besides typescript-eslint's recommended set, the import
// restrictions keep the architecture honest: libraries never reach into apps/ or into another
// package's internals, and code inside a library never imports its own barrel (cycles through a
// barrel leave classes undefined at decoration time).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const otherPackagesInternals = {
  group: ['@org/*/src', '@org/*/src/*', '@org/*/dist/*', '**/libs/*/src/**', '**/tools/*/src/**'],
  message: 'Import a package through its public entry point, never its internals.',
};
const ownBarrel = {
  group: ['./index.js', '../index.js', '../../index.js', '../../../index.js'],
  message: 'Inside a library, import files by relative path, never through its own barrel.',
};
const libraryPatterns = (otherLibrary) => [
  otherPackagesInternals,
  apps,
  ownBarrel,
  {
    group: [otherLibrary, `${otherLibrary}/*`],
    message: 'The libraries share code through @org/common only.',
  },
];
const apps = {
  group: ['**/apps/**', '@org/api', '@org/api/*'],
  message: 'Libraries never import from apps/.',
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/.data/**', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-restricted-imports': ['error', { patterns: [otherPackagesInternals] }],
    },
  },
  {
    files: ['libs/webhooks/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: libraryPatterns('@org/ingest') }] },
  },
  {
    files: ['libs/ingest/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: libraryPatterns('@org/webhooks') }] },
  },
  {
    files: ['libs/common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...libraryPatterns('@org/webhooks'),
            { group: ['@org/ingest', '@org/ingest/*'], message: '@org/common depends on neither library.' },
          ],
        },
      ],
    },
  },
);
