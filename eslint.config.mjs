import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

/** Next's rules (React, hooks, accessibility, imports) and TypeScript's, for everything in the repository. */
export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      // A leading underscore names what is left out on purpose (a field dropped from a copy).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // The React Compiler's rules against refs read while rendering and state set in effects
      // (docs/decisions/032-editor-autosave-machine-and-hooks-rules.md).
      'react-hooks/refs': 'error',
      'react-hooks/set-state-in-effect': 'error',
    },
  },
  {
    // Tests poke at parsed JSON and at deliberately wrong input.
    files: ['**/*.test.ts', 'e2e/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  globalIgnores(['.next/**', '.data/**', 'node_modules/**', 'reports/**', 'test-results/**', 'playwright-report/**', 'bench/results/**', 'next-env.d.ts']),
]);
