import js from '@eslint/js';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'functions/lib/**',
      '.cache/**',
      'test-results/**',
      'bench/results/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/no-v-html': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['firebase/firestore'], message: 'Components reach Firestore through stores.' }] },
      ],
    },
  },
  {
    // Only data modules, composables, stores and firestore.ts may import the Firestore SDK.
    files: [
      'web/src/data/**',
      'web/src/composables/**',
      'web/src/stores/**',
      'web/src/firestore.ts',
      'test/**',
      'bench/**',
      'scripts/**',
    ],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Firestore triggers come from lib/trigger.ts, which adds retries and the age guard; a trigger
    // built from the SDK directly would silently drop a failed event in production.
    files: ['functions/src/**'],
    ignores: ['functions/src/lib/trigger.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'firebase-functions/v2/firestore',
              message: "Import triggers from '../lib/trigger' (retry and age guard).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
