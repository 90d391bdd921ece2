// Dependency direction (STYLE.md) is enforced here with per-folder `no-restricted-imports` zones.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const restrict = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});
const nodeBuiltins = { group: ['node:*'], message: 'This layer must not use Node built-ins.' };
const dbLayer = {
  group: ['**/db/*', '**/db', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'],
  message: 'Only cti-bridge/src/repositories may touch the database.',
};
const bridgeInternals = {
  group: ['**/cti-bridge/src/*', '**/cti-bridge/src/**'],
  message: 'Only cti-bridge/protocol is shared outside the bridge.',
};

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-electron', 'renderer/dist', 'db/migrations'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  restrict(
    ['cti-bridge/protocol/**'],
    [
      nodeBuiltins,
      dbLayer,
      {
        group: ['../src/*', '../src/**', 'react', 'socket.io', 'fastify'],
        message: 'protocol imports zod only.',
      },
    ],
  ),
  restrict(
    ['cti-bridge/src/domain/**'],
    [
      nodeBuiltins,
      dbLayer,
      {
        group: ['../server/*', '../pbx/*', '../repositories/*', 'socket.io', 'fastify'],
        message: 'domain is pure.',
      },
    ],
  ),
  restrict(
    ['cti-bridge/src/server/**', 'cti-bridge/src/pbx/**', 'cti-bridge/src/services/**'],
    [
      dbLayer,
      { group: ['**/pbx/sim/*', '**/pbx/kamailio/*'], message: 'Only main.ts chooses the PBX adapter.' },
    ],
  ),
  restrict(
    ['renderer/src/**'],
    [
      nodeBuiltins,
      dbLayer,
      bridgeInternals,
      { group: ['socket.io', 'fastify'], message: 'Server packages do not belong in the console.' },
    ],
  ),
  restrict(
    ['electron/**'],
    [
      dbLayer,
      bridgeInternals,
      { group: ['socket.io', 'fastify'], message: 'Server packages do not belong in the desktop.' },
    ],
  ),
  {
    files: ['tests/**', 'db/seed/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
