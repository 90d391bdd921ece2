import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRingside, type TestRingside } from '../support/test-ringside';

/** A console build as Vite writes it (html.cspNonce), with an asset and the source map it must not serve. */
const consoleDir = mkdtempSync(join(tmpdir(), 'ringside-console-'));
mkdirSync(join(consoleDir, 'assets'));
writeFileSync(
  join(consoleDir, 'index.html'),
  '<!doctype html><meta property="csp-nonce" nonce="RINGSIDE_CSP_NONCE" />' +
    '<script type="module" crossorigin nonce="RINGSIDE_CSP_NONCE" src="./assets/app.js"></script><div id="root"></div>',
);
writeFileSync(join(consoleDir, 'assets', 'app.js'), 'console.log(1);\n//# sourceMappingURL=app.js.map\n');
writeFileSync(join(consoleDir, 'assets', 'app.js.map'), '{"version":3,"sources":["secret.ts"]}');

const SIP_WS = 'wss://pbx.example.com:8443/ws';
const PARTNER = 'https://console.example.com';
let t: TestRingside;
let token: string;

beforeAll(async () => {
  t = await startTestRingside({
    RINGSIDE_RENDERER_DIR: consoleDir,
    RINGSIDE_SIP_WS_URI: SIP_WS,
    RINGSIDE_ALLOWED_ORIGINS: `${PARTNER}, http://localhost:5173`,
  });
  token = await t.login('agent1');
}, 60_000);
afterAll(async () => {
  await t?.stop();
  rmSync(consoleDir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${t.url}${path}`, { headers });

function directives(response: Response): Map<string, string[]> {
  const policy = response.headers.get('content-security-policy') ?? '';
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name as string, values]),
  );
}

function expectHardened(response: Response) {
  const csp = directives(response);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.has('upgrade-insecure-requests')).toBe(false);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
}

describe('security headers', () => {
  it('serves the console under a strict policy whose nonce the page carries, fresh per response', async () => {
    const first = await get('/');
    expect(first.status).toBe(200);
    expectHardened(first);
    const csp = directives(first);
    const styles = csp.get('style-src') ?? [];
    expect(styles[0]).toBe("'self'");
    expect(styles).not.toContain("'unsafe-inline'");
    const nonce = /^'nonce-([A-Za-z0-9+/=]{20,})'$/.exec(styles[1] ?? '')?.[1];
    expect(nonce).toBeDefined();
    const html = await first.text();
    expect(html).toContain(`<meta property="csp-nonce" nonce="${nonce}"`);
    expect(html).not.toContain('RINGSIDE_CSP_NONCE');
    expect(first.headers.get('cache-control')).toBe('no-store');

    const host = new URL(t.url).host;
    expect(csp.get('connect-src')).toEqual([
      "'self'",
      `ws://${host}`,
      `wss://${host}`,
      'wss://pbx.example.com:8443',
    ]);
    expect(csp.get('media-src')).toEqual(["'self'", 'blob:']);

    const second = await get('/');
    expect(directives(second).get('style-src')?.[1]).not.toBe(`'nonce-${nonce}'`);
  });

  it('serves console routes the page, assets with the headers, and never a source map', async () => {
    const route = await get('/queues/support');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('csp-nonce');
    expectHardened(route);

    const asset = await get('/assets/app.js');
    expect(asset.status).toBe(200);
    expectHardened(asset);

    for (const path of ['/assets/app.js.map', '/assets/missing.js']) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('secret.ts');
      expectHardened(response);
    }
  });

  it('marks every API answer no-store: customer data, errors and unknown endpoints alike', async () => {
    const auth = { authorization: `Bearer ${token}` };
    for (const [path, headers, status] of [
      ['/api/health', {}, 200],
      ['/api/customers/search?q=a', auth, 200],
      ['/api/customers/search?q=a', {}, 401],
      ['/api/no-such-endpoint', auth, 404],
    ] as const) {
      const response = await get(path, headers);
      expect(response.status, path).toBe(status);
      expect(response.headers.get('cache-control'), path).toBe('no-store');
      expectHardened(response);
    }
  });
});

describe('console socket origin', () => {
  const connects = (origin?: string) =>
    new Promise<boolean>((done) => {
      const socket = io(t.url, {
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
        extraHeaders: origin ? { origin } : {},
      });
      socket.once('connect', () => {
        socket.disconnect();
        done(true);
      });
      socket.once('connect_error', () => {
        socket.disconnect();
        done(false);
      });
    });

  it.each([
    ['the bridge’s own origin', () => new URL(t.url).origin, true],
    ['the same host by another name the request came to', () => `http://${new URL(t.url).host}`, true],
    ['a configured origin', () => PARTNER, true],
    ['another configured origin', () => 'http://localhost:5173', true],
    ['no Origin (desktop and server clients)', () => undefined, true],
    ['another site', () => 'https://evil.example', false],
    ['a look-alike of a configured origin', () => 'https://console.example.com.evil.example', false],
    ['an opaque origin', () => 'null', false],
  ])('%s → %s', async (_name, origin, allowed) => {
    expect(await connects(origin())).toBe(allowed);
  });
});
