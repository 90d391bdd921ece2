// Dependency direction (STYLE.md) is enforced here, at any folder depth:
// - between our own folders by eslint-plugin-boundaries (elements below, one allow-list per layer),
// - on packages (node:*, the database, server libraries) by `no-restricted-imports`.
// tests/unit/layering.test.ts lints forbidden imports through this config and expects them refused.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';

/**
 * The layers, matched on the whole path from the repository root (`partialMatch: false`), so a capability
 * subfolder (`domain/outbound/`, `services/queueing/`) is the same layer as its parent, however deep.
 * First match wins.
 */
const elements = [
  { type: 'protocol', pattern: 'cti-bridge/protocol' },
  // The bridge's entry point: the only file that picks a PBX adapter.
  { type: 'main', pattern: 'cti-bridge/src/main.ts', mode: 'full' },
  // The composition root: wires repositories, services and servers behind the adapter it is given.
  { type: 'composition', pattern: 'cti-bridge/src/ringside.ts', mode: 'full' },
  // One composition module per capability (wiring/outbound.wiring.ts …), called by ringside.ts.
  { type: 'composition', pattern: 'cti-bridge/src/wiring' },
  { type: 'config', pattern: 'cti-bridge/src/config.ts', mode: 'full' },
  { type: 'logger', pattern: 'cti-bridge/src/logger.ts', mode: 'full' },
  { type: 'domain', pattern: 'cti-bridge/src/domain' },
  { type: 'services', pattern: 'cti-bridge/src/services' },
  { type: 'repositories', pattern: 'cti-bridge/src/repositories' },
  { type: 'server', pattern: 'cti-bridge/src/server' },
  // The PBX seam: files directly in pbx/ are the interface everyone sees; each pbx/<name>/ is an adapter.
  { type: 'pbx-seam', pattern: 'cti-bridge/src/pbx/*.ts', mode: 'full' },
  { type: 'pbx-adapter', pattern: 'cti-bridge/src/pbx/*', capture: ['adapter'] },
  // Command-line tools and build configs may reach anything (the seed CLI hashes passwords as the bridge does).
  { type: 'tool', pattern: ['db/seed/seed-cli.ts', 'cti-bridge/vite.config.ts'], mode: 'full' },
  { type: 'db', pattern: 'db' },
  { type: 'ipc-contract', pattern: 'electron/ipc-contract.ts', mode: 'full' },
  { type: 'electron', pattern: 'electron' },
  { type: 'renderer', pattern: 'renderer/src' },
].map((element) => (element.mode === 'full' ? element : { ...element, partialMatch: false }));

const layerTypes = elements.map((element) => element.type);
/** One layer's allow-list, plus the disallow of every other layer so that the error names the rule broken. */
const layer = (from, allowed, message) => [
  { from: { type: from }, allow: { to: { type: allowed } } },
  {
    from: { type: from },
    disallow: { to: { type: layerTypes.filter((type) => !allowed.includes(type)) } },
    message: `${message} (${from} may import: ${allowed.join(', ') || 'none of the other layers'})`,
  },
];
const layering = [
  layer('protocol', [], 'protocol imports zod only'),
  layer('domain', ['protocol'], 'domain is pure: clock, ids and logging are injected'),
  layer(
    'services',
    ['protocol', 'domain', 'repositories', 'pbx-seam', 'logger', 'config'],
    'services must not import server, PBX adapters, db or the composition root',
  ),
  layer('repositories', ['protocol', 'domain', 'db', 'logger'], 'repositories sit under services and server'),
  layer(
    'server',
    ['protocol', 'domain', 'services', 'repositories', 'pbx-seam', 'logger', 'config'],
    'server must not import PBX adapters, db or the composition root',
  ),
  layer('pbx-seam', ['protocol', 'domain'], 'the PBX seam is an interface'),
  layer(
    'pbx-adapter',
    ['protocol', 'domain', 'pbx-seam', 'logger'],
    'a PBX adapter must not import services, repositories, server or another adapter',
  ),
  layer('logger', ['domain'], 'the logger is shared by every layer'),
  layer('config', [], 'config imports no bridge code'),
  layer(
    'composition',
    [
      'composition',
      'protocol',
      'domain',
      'services',
      'repositories',
      'server',
      'pbx-seam',
      'logger',
      'config',
    ],
    'only main.ts picks the PBX adapter',
  ),
  layer(
    'main',
    ['composition', 'config', 'logger', 'pbx-seam', 'pbx-adapter', 'services', 'domain', 'protocol'],
    'the database is reached through repositories only',
  ),
  layer('db', ['db'], 'only repositories import db'),
  layer(
    'tool',
    ['db', 'protocol', 'domain', 'server', 'repositories', 'config'],
    'a tool runs beside the bridge',
  ),
  layer('ipc-contract', [], 'the IPC contract imports zod only'),
  layer('electron', ['ipc-contract'], 'the Electron shell shares only the IPC contract'),
  layer(
    'renderer',
    ['protocol', 'ipc-contract'],
    'the console imports cti-bridge/protocol and the Electron IPC contract only',
  ),
];

const restrict = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});
const nodeBuiltins = { group: ['node:*'], message: 'This layer must not use Node built-ins.' };
const dbPackages = {
  group: ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'],
  message: 'Only cti-bridge/src/repositories may touch the database.',
};
const serverPackages = { group: ['socket.io', 'fastify', '@fastify/*'], message: 'Server packages only.' };

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
  {
    files: ['cti-bridge/**/*.ts', 'db/**/*.ts', 'electron/**/*.ts', 'renderer/src/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
      'boundaries/legacy-warnings': false,
      'import/resolver': {
        // Electron's NodeNext sources import `./x.js` for `./x.ts`.
        [`${import.meta.dirname}/eslint.resolver.cjs`]: { extensions: ['.ts', '.tsx', '.js', '.json'] },
      },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message: '{{from.type}} must not import {{to.type}}',
          policies: layering.flat(),
        },
      ],
      // A file under cti-bridge/, db/, electron/ or renderer/src that no layer claims is a mistake to fix here.
      'boundaries/no-unknown-files': 'error',
    },
  },
  restrict(
    ['cti-bridge/protocol/**', 'electron/ipc-contract.ts'],
    [{ regex: '^(?!zod$|\\.{1,2}/)', message: 'The shared contracts import zod only.' }],
  ),
  restrict(['cti-bridge/src/domain/**'], [nodeBuiltins, dbPackages, serverPackages]),
  restrict(['cti-bridge/src/{services,server,pbx}/**', 'cti-bridge/src/*.ts'], [dbPackages]),
  { ...restrict(['electron/**'], [dbPackages, serverPackages]), ignores: ['electron/ipc-contract.ts'] },
  restrict(['renderer/src/**'], [nodeBuiltins, dbPackages, serverPackages]),
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['tests/**', 'db/seed/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
