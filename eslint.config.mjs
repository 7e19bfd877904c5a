import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'data/',
      '.cache/',
      'coverage/',
      'schemas/generated/',
      'designer/src/admin/forms/form-validators.generated.ts',
      'designer/dist/',
      'designer/widget/dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Workflow code must stay deterministic: no Node built-ins, no database, no wall-clock randomness.
    files: ['workflows/**/*.ts', 'bench/baseline/*.workflow.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'http', 'net', 'os', 'child_process'],
              message: 'Workflows are deterministic: no Node built-ins.',
            },
            {
              group: ['typeorm', 'mysql2', 'better-sqlite3', '../db/*', '../api/*'],
              message: 'Workflows do no I/O.',
            },
            {
              group: ['../activities', '../activities/*'],
              allowTypeImports: true,
              message: 'Import activities as types only.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the SDK’s deterministic random.' },
      ],
    },
  },
  {
    // The website chat runs on customers' pages: what people write is only ever text (textContent).
    files: ['designer/widget/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['innerHTML', 'outerHTML', 'insertAdjacentHTML'].map((property) => ({
          property,
          message: 'Build elements with h() and text nodes; never parse HTML.',
        })),
      ],
    },
  },
  {
    // the Vite config runs in Node, apart from the app's browser code (designer/tsconfig.node.json)
    files: ['designer/vite.config.mts'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['designer/src/**/*.test.ts', 'designer/src/**/*.test.tsx'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  prettier,
);
