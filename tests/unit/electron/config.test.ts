import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BRIDGE_URL, loadShellConfig, resolveShellConfig } from '../../../electron/main/config';

const settingsPath = '/home/amy/.config/Ringside/settings.json';
const resolve = (env: Record<string, string | undefined>, settings: object | string | null = null) =>
  resolveShellConfig({
    env,
    settingsPath,
    settingsText: settings === null || typeof settings === 'string' ? settings : JSON.stringify(settings),
  });

describe('shell config', () => {
  it.each([
    ['the default', {}, null, DEFAULT_BRIDGE_URL, 'http://localhost:4780'],
    [
      'the saved setting',
      {},
      { bridgeUrl: 'https://cti.example.com/console' },
      'https://cti.example.com/console',
      'https://cti.example.com',
    ],
    [
      'RINGSIDE_URL over the setting',
      { RINGSIDE_URL: 'https://bridge.lan:8443' },
      { bridgeUrl: 'https://x.example' },
      'https://bridge.lan:8443',
      'https://bridge.lan:8443',
    ],
    [
      'the setting when RINGSIDE_URL is blank',
      { RINGSIDE_URL: '  ' },
      { bridgeUrl: 'https://x.example' },
      'https://x.example',
      'https://x.example',
    ],
  ])('uses %s', (_name, env, settings, url, origin) => {
    const config = resolve(env, settings);
    expect(config.url).toBe(url);
    expect(config.origin).toBe(origin);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    [{ RINGSIDE_URL: 'ftp://bridge' }, null, /^RINGSIDE_URL: /],
    [{ RINGSIDE_URL: 'not a url' }, null, /^RINGSIDE_URL: /],
    [{ RINGSIDE_URL: 'https://amy:pw@bridge.example' }, null, /^RINGSIDE_URL: must not contain credentials/],
    [{}, { bridgeUrl: 'javascript:alert(1)' }, /settings\.json: bridgeUrl: /],
    [{}, { hotkeys: { answer: '' } }, /settings\.json: hotkeys\.answer: /],
    [{}, { bridgeURL: 'https://typo.example' }, /settings\.json: .*bridgeURL/],
    [{}, '{ not json', /settings\.json is not valid JSON/],
  ])('fails fast naming the setting: %o %o', (env, settings, message) => {
    expect(() => resolve(env, settings)).toThrow(message);
  });

  it('merges configured hotkeys over the defaults', () => {
    expect(resolve({}, { hotkeys: { answer: 'F9' } }).hotkeys).toEqual({
      answer: 'F9',
      hangup: 'CommandOrControl+Shift+H',
    });
  });

  it.each([
    ['http://10.0.0.5:4780', 1],
    ['https://10.0.0.5:4780', 0],
    ['http://127.0.0.1:4780', 0],
    ['http://localhost:4780', 0],
  ])('warns that %s blocks the microphone: %i warning(s)', (url, count) => {
    expect(resolve({ RINGSIDE_URL: url }).warnings).toHaveLength(count);
  });

  it('reads settings.json from userData and tolerates its absence', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ringside-config-'));
    try {
      expect(loadShellConfig(dir, {}).url).toBe(DEFAULT_BRIDGE_URL);
      await writeFile(join(dir, 'settings.json'), JSON.stringify({ bridgeUrl: 'https://cti.example.com' }));
      expect(loadShellConfig(dir, {}).origin).toBe('https://cti.example.com');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
