import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stableTcpPort } from '../support/ports';

/**
 * The production path: `npm run build` (renderer + bridge) and `npm run start:prod`'s command, plain `node` on
 * dist/bridge/main.js, on a temporary SQLite file. A loader hook makes loading faker fail, so a production
 * start proves the demo generator stays unloaded.
 */
const root = resolve(import.meta.dirname, '../..');
const bridgeDir = join(root, 'dist/bridge');
const work = mkdtempSync(join(tmpdir(), 'ringside-prod-'));
const children = new Set<ChildProcess>();

const forbidFaker = join(work, 'forbid-faker.mjs');
writeFileSync(
  forbidFaker,
  `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@faker-js/faker') || specifier.startsWith('tsx')) throw new Error('loaded ' + specifier);
  return next(specifier, context);
}\`));
`,
);

beforeAll(() => {
  // npm test builds the console first; a run of this file alone builds it here.
  if (!existsSync(join(root, 'renderer/dist/index.html')))
    execFileSync('npm', ['run', 'build:renderer'], { cwd: root, stdio: 'ignore' });
  execFileSync('npm', ['run', 'build:bridge'], { cwd: root, stdio: 'ignore' });
}, 180_000);
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

interface Started {
  url: string;
  child: ChildProcess;
  output: () => string;
}

async function startProd(env: Record<string, string>, nodeArgs: string[] = []): Promise<Started> {
  const port = await stableTcpPort();
  const dataDir = mkdtempSync(join(work, 'data-'));
  let output = '';
  const child = spawn(process.execPath, [...nodeArgs, '--enable-source-maps', join(bridgeDir, 'main.js')], {
    cwd: root,
    // Only what a service gets: no tsx loader inherited from the test runner.
    env: {
      PATH: process.env['PATH'] ?? '',
      RINGSIDE_DATA_DIR: dataDir,
      RINGSIDE_HOST: '127.0.0.1',
      RINGSIDE_PORT: String(port),
      RINGSIDE_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  // Generous: the faker-blocking loader hook makes every module load cross a thread, slow on a busy machine.
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bridge exited ${child.exitCode}: ${output}`);
    const health = await fetch(`${url}/api/health`).catch(() => null);
    if (health?.ok) break;
    if (Date.now() > deadline) throw new Error(`the bridge did not answer: ${output}`);
    await new Promise((done) => setTimeout(done, 100));
  }
  return { url, child, output: () => output };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    child.once('exit', (code) => {
      children.delete(child);
      done(code);
    });
    child.kill('SIGTERM');
  });
}

async function login(url: string, username: string, password: string): Promise<number> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return response.status;
}

/** Every module main.js loads before it runs: its static imports, followed through the bundle's chunks. */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  const source = readFileSync(join(bridgeDir, file), 'utf8');
  for (const [, specifier] of source.matchAll(/^(?:import|export)\s[^;]*?\bfrom\s*"([^"]+)"/gm)) {
    if (!specifier || seen.has(specifier)) continue;
    seen.add(specifier);
    if (specifier.startsWith('./')) staticImports(specifier.slice(2), seen);
  }
  return seen;
}

describe('production build', () => {
  it('compiles the bridge to plain JavaScript that loads neither tsx nor faker up front', () => {
    const loaded = [...staticImports('main.js')];
    expect(loaded).toEqual(expect.arrayContaining(['fastify', 'better-sqlite3']));
    expect(loaded.filter((name) => /faker|tsx/.test(name))).toEqual([]);
    expect(readFileSync(join(bridgeDir, 'main.js'), 'utf8')).toMatch(/import\("\.\/demo-data-[\w-]+\.js"\)/);
    expect(existsSync(join(bridgeDir, 'migrations/meta/_journal.json'))).toBe(true);
  });

  it('runs with node alone on a fresh SQLite file: health, the console, the admin login, a clean stop', async () => {
    const bridge = await startProd({ RINGSIDE_DEMO: '0', RINGSIDE_ADMIN_PASSWORD: 'a-long-secret' }, [
      '--import',
      forbidFaker,
    ]);
    const health = await fetch(`${bridge.url}/api/health`);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect(health.headers.get('cache-control')).toBe('no-store');

    const page = await fetch(`${bridge.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    const script = /src="\.\/(assets\/[\w-]+\.js)"/.exec(html)?.[1];
    expect((await fetch(`${bridge.url}/${script}`)).status).toBe(200);

    expect(await login(bridge.url, 'admin', 'a-long-secret')).toBe(200);
    expect(await login(bridge.url, 'agent1', 'ringside')).toBe(401);
    expect(await stop(bridge.child)).toBe(0);
    expect(bridge.output()).not.toMatch(/loaded @faker|loaded tsx/);
  }, 180_000);

  it('loads the demo generator when demo mode asks for it', async () => {
    const bridge = await startProd({ RINGSIDE_DEMO: '1', RINGSIDE_DEMO_CUSTOMERS: '20' });
    expect(await login(bridge.url, 'agent1', 'ringside')).toBe(200);
    expect(await stop(bridge.child)).toBe(0);
  }, 180_000);
});
