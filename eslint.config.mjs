import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'bench/results/**',
      'jest-result.json',
      '.ci-results/**',
      'compat/*/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The pages' browser code (the dashboard's, the demo's): the page's globals, not Node's.
    // (TypeScript checks the names themselves, against lib.dom: each folder's tsconfig.json.)
    files: ['src/dashboard/browser/**/*.ts', 'src/demo/page/browser/**/*.ts'],
    languageOptions: {
      globals: {
        process: 'off',
        require: 'off',
        module: 'off',
        __dirname: 'off',
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        fetch: 'readonly',
        EventSource: 'readonly',
        setTimeout: 'readonly',
        setInterval: 'readonly',
      },
    },
    rules: {
      // Node's names by another route than a global.
      'no-restricted-imports': ['error', { patterns: ['node:*'] }],
    },
  },
);
