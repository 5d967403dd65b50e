// Lint rules for the whole repository. The layering between simulator/, renderer/ and main/
// is enforced by dependency-cruiser (.dependency-cruiser.cjs); here we only ban the obvious
// cross-layer globals so the message appears in the editor too.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'dist-electron',
      'release',
      'coverage',
      'test-results',
      'playwright-report',
      'artifacts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['simulator/**'],
    ignores: ['simulator/node/**', 'simulator/cli/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        // The engine core runs in Node and in a Web Worker: neither the DOM nor Node's
        // process is guaranteed there. File and process access belongs in simulator/node/.
        { name: 'window', message: 'simulator/ is pure: no DOM. Pass data in instead.' },
        { name: 'document', message: 'simulator/ is pure: no DOM. Pass data in instead.' },
        {
          name: 'process',
          message:
            'simulator/ core is pure: read process state in simulator/node/ or simulator/cli/.',
        },
      ],
    },
  },
);
