// Lint rules: typescript-eslint's recommended set on the sources and tests, plus the dependency rules of
// STYLE §7.3: the updater client (src/client) never imports server-side modules; the use cases (src/ddns)
// and the HTTP service (src/http) never import what sits above them (console, app, cli); the console's
// browser code (src/console/web) imports nothing from the server.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/zone/**',
                '**/store/**',
                '**/ddns/**',
                '**/nameserver/**',
                '**/http/**',
                '**/app/**',
                '**/cli/**',
                '**/console/**',
              ],
              message: 'src/client may import only src/dns, node built-ins and npm packages (STYLE §7.3).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/ddns/**/*.ts', 'src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/console/**', '**/app/**', '**/cli/**', '**/nameserver/**'],
              message: 'src/ddns and src/http must not import console, app, cli or nameserver (STYLE §7.3).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/console/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../*', 'node:*'],
              message: 'the browser code imports only modules of src/console/web (it runs in the browser).',
            },
          ],
        },
      ],
    },
  },
);
