import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../cti-bridge/src/config';

const ROOT = resolve('/srv/ringside');

function load(env: Record<string, string>) {
  return loadConfig(env, ROOT);
}

function errorFrom(env: Record<string, string>): unknown {
  try {
    load(env);
  } catch (error) {
    return error;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(load({})).toEqual({
      port: 4780,
      host: '0.0.0.0',
      dataDir: resolve(ROOT, 'data'),
      databaseFile: resolve(ROOT, 'data', 'ringside.sqlite'),
      pbx: 'sim',
      region: 'US',
      demo: true,
      demoCustomers: 2000,
      adminPassword: undefined,
      simCallsPerHour: 0,
      sessionHours: 12,
      loginThrottle: { failuresPerAccount: 10, failuresPerAddress: 100, windowMs: 15 * 60_000 },
      monitorNotice: 'always',
      shortAbandonMs: 5000,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      logLevel: 'info',
      rendererDir: resolve(ROOT, 'renderer', 'dist'),
      sipWsUri: 'ws://127.0.0.1:8188',
      sipDomain: 'ringside.local',
      kamailioEvapi: { host: '127.0.0.1', port: 8448 },
      kamailioAuthDb: resolve(ROOT, 'data', 'kamailio-auth.sqlite'),
      dialer: {
        enabled: false,
        secret: undefined,
        rtpengineNg: { host: '127.0.0.1', port: 2223 },
        abandonMessage: resolve(ROOT, 'data', 'messages', 'abandon.wav'),
        holdMusic: resolve(ROOT, 'data', 'messages', 'hold.wav'),
        trunkOffer: 'delayed',
        agentKeepaliveMs: 5000,
        agentKeepaliveReplyMs: 4000,
        customerKeepaliveMs: 30_000,
        keepaliveReplyMs: 8_000,
      },
      allowedOrigins: [],
    });
  });

  it('ignores variables that are not Ringside settings', () => {
    expect(load({ PORT: 'abc', PATH: '/usr/bin', NODE_ENV: 'production' })).toEqual(load({}));
  });

  it.each([
    ['RINGSIDE_PORT', 'abc'],
    ['RINGSIDE_PORT', '70000'],
    ['RINGSIDE_PORT', '-1'],
    ['RINGSIDE_PORT', '80.5'],
    ['RINGSIDE_PBX', 'asterisk'],
    ['RINGSIDE_REGION', 'XX'],
    ['RINGSIDE_REGION', 'USA'],
    ['RINGSIDE_DEMO', 'maybe'],
    ['RINGSIDE_DEMO_CUSTOMERS', '-3'],
    ['RINGSIDE_ADMIN_PASSWORD', 'short'],
    ['RINGSIDE_ADMIN_PASSWORD', '1234567'],
    ['RINGSIDE_SIM_CALLS_PER_HOUR', '-1'],
    ['RINGSIDE_DIALER_SECRET', 'too-short'],
    ['RINGSIDE_RTPENGINE_NG', '2223'],
    ['RINGSIDE_SESSION_HOURS', '0'],
    ['RINGSIDE_LOG_LEVEL', 'verbose'],
    ['RINGSIDE_TRUNK_OFFER', 'sometimes'],
    ['RINGSIDE_ALLOWED_ORIGINS', 'console.example.com'],
    ['RINGSIDE_ALLOWED_ORIGINS', 'https://console.example.com/path'],
    ['RINGSIDE_ALLOWED_ORIGINS', 'https://a.example, *'],
  ])('%s=%s fails fast with a ConfigError that names the setting', (name, value) => {
    const error = errorFrom({ [name]: value });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(name);
  });

  it("takes the trunk offer style of the dialer (early: the INVITE carries rtpengine's offer)", () => {
    expect(load({ RINGSIDE_TRUNK_OFFER: 'early' }).dialer.trunkOffer).toBe('early');
    expect(load({ RINGSIDE_TRUNK_OFFER: 'delayed' }).dialer.trunkOffer).toBe('delayed');
  });

  it('names every bad setting at once', () => {
    const error = errorFrom({ RINGSIDE_PORT: 'abc', RINGSIDE_PBX: 'asterisk', RINGSIDE_HOST: 'localhost' });
    expect((error as Error).message).toContain('RINGSIDE_PORT');
    expect((error as Error).message).toContain('RINGSIDE_PBX');
    expect((error as Error).message).not.toContain('RINGSIDE_HOST');
  });

  it('does not echo the rejected admin password', () => {
    const error = errorFrom({ RINGSIDE_ADMIN_PASSWORD: 'hunter2' });
    expect((error as Error).message).not.toContain('hunter2');
  });

  it.each([
    ['RINGSIDE_PORT', '0', { port: 0 }],
    ['RINGSIDE_PORT', '65535', { port: 65535 }],
    ['RINGSIDE_PBX', 'kamailio', { pbx: 'kamailio' }],
    ['RINGSIDE_REGION', 'cn', { region: 'CN' }],
    ['RINGSIDE_REGION', 'Gb', { region: 'GB' }],
    ['RINGSIDE_ADMIN_PASSWORD', '8 chars!', { adminPassword: '8 chars!' }],
    ['RINGSIDE_SIM_CALLS_PER_HOUR', '120.5', { simCallsPerHour: 120.5 }],
    ['RINGSIDE_LOG_LEVEL', 'silent', { logLevel: 'silent' }],
    ['RINGSIDE_DATA_DIR', '/var/lib/ringside', { dataDir: '/var/lib/ringside' }],
    ['RINGSIDE_DATA_DIR', 'state', { dataDir: resolve(ROOT, 'state') }],
    ['RINGSIDE_RENDERER_DIR', 'ui', { rendererDir: resolve(ROOT, 'ui') }],
    [
      'RINGSIDE_ALLOWED_ORIGINS',
      ' https://Console.Example.com:443 ,http://localhost:5173,',
      { allowedOrigins: ['https://console.example.com', 'http://localhost:5173'] },
    ],
  ])('%s=%s is accepted', (name, value, expected) => {
    expect(load({ [name]: value })).toMatchObject(expected);
  });

  it('keeps the database inside the data directory', () => {
    const config = load({ RINGSIDE_DATA_DIR: '/var/lib/ringside' });
    expect(config.databaseFile.startsWith(`${config.dataDir}/`)).toBe(true);
  });

  it.each([
    ['1', true],
    ['true', true],
    ['yes', true],
    ['0', false],
    ['false', false],
    ['no', false],
  ])('RINGSIDE_DEMO=%s → demo %s', (value, demo) => {
    expect(load({ RINGSIDE_DEMO: value }).demo).toBe(demo);
  });

  it('returns a frozen object', () => {
    const config = load({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(config.port).toBe(4780);
  });

  it.each([
    'RINGSIDE_PORT',
    'RINGSIDE_HOST',
    'RINGSIDE_DATA_DIR',
    'RINGSIDE_PBX',
    'RINGSIDE_REGION',
    'RINGSIDE_DEMO',
    'RINGSIDE_DEMO_CUSTOMERS',
    'RINGSIDE_ADMIN_PASSWORD',
    'RINGSIDE_SIM_CALLS_PER_HOUR',
    'RINGSIDE_SESSION_HOURS',
    'RINGSIDE_LOG_LEVEL',
    'RINGSIDE_RENDERER_DIR',
  ])('an empty %s counts as unset', (name) => {
    expect(load({ [name]: '' })).toEqual(load({}));
  });
});
