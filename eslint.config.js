// Flat config: typed typescript-eslint, Lit template rules, web-component rules and
// lit-a11y. Run with zero warnings allowed (`npm run lint`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'storybook-static/',
      'coverage/',
      '.data/',
      '.tmp/',
      'src/contract/schema.gen.ts',
      'custom-elements.json',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', '.storybook/*.ts', 'scripts/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/widgets/**/*.ts', 'src/autoload.ts', 'stories/**/*.ts', 'test/browser/**/*.ts'],
    languageOptions: { globals: globals.browser },
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/core/**/*.ts', 'src/widgets/**/*.ts', 'src/autoload.ts'],
    ...wc.configs['flat/best-practice'],
  },
  {
    // The demo pages' own scripts (served as they are, no build step).
    files: ['src/demo/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['src/core/**/*.ts', 'src/widgets/**/*.ts', 'stories/**/*.ts'],
    ...litA11y.configs.recommended,
  },
  {
    files: ['src/server/**/*.ts', 'test/server/**/*.ts', 'test/e2e/**/*.ts', 'scripts/**/*.{ts,mjs,js}', '*.config.{js,mjs,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    // Tests use non-null assertions and loose typing on purpose to poke at edges.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
