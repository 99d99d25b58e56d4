// Lint rules: typescript-eslint's recommended set on the sources and tests, plus the dependency rule of
// STYLE §7.3 that the updater client (src/client) never imports server-side modules.
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
);
