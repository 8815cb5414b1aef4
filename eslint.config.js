import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** The page's own globals: env, agent, train, config and the lesson's logic run in workers and Node too. */
const DOM_ONLY = [
  'window',
  'document',
  'localStorage',
  'sessionStorage',
  'HTMLElement',
  'HTMLCanvasElement',
].map((name) => ({
  name,
  message: `${name} is the page's: this layer also runs in workers and Node (docs/ARCHITECTURE.md).`,
}));

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'tests/fixtures', 'src/agent/engines/kernel/assembly'] },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ['**/*.{ts,tsx}'],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/{env,agent,train,config}/**/*.ts', 'src/lesson/**/*.ts'],
    ignores: ['src/lesson/**/*Store.ts'],
    rules: { 'no-restricted-globals': ['error', ...DOM_ONLY] },
  },
);
