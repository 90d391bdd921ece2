import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, startTestRingside, type TestRingside } from '../support/test-ringside';
import { knownCustomer } from '../support/known-customer';

let t: TestRingside;
let agentToken: string;

beforeAll(async () => {
  t = await startTestRingside();
  agentToken = await t.login('agent1');
});
afterAll(() => t.stop());

describe('HTTP API', () => {
  it('serves health and an OpenAPI document listing the integrator endpoints', async () => {
    const health = await t.api<{ status: string; pbx: string }>('GET', '/api/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', pbx: 'sim' } });
    const doc = await t.api<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      'GET',
      '/api/openapi.json',
    );
    expect(doc.body.openapi).toBe('3.1.0');
    for (const [path, method] of [
      ['/api/auth/login', 'post'],
      ['/api/customers/lookup', 'get'],
      ['/api/customers', 'post'],
      ['/api/customers/{id}', 'get'],
      ['/api/sim/calls', 'post'],
      ['/api/health', 'get'],
    ] as const)
      expect(doc.body.paths[path]?.[method], `${method} ${path}`).toBeDefined();
  });

  it('refuses a wrong password with a stable code and never echoes it', async () => {
    const response = await t.api<{ error: { code: string; message: string } }>(
      'POST',
      '/api/auth/login',
      undefined,
      {
        username: 'agent1',
        password: 'not-the-password',
      },
    );
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(response.body)).not.toContain('not-the-password');
  });

  it.each([
    ['no token', undefined, 401, 'UNAUTHENTICATED'],
    ['a made-up token', 'forged-token', 401, 'UNAUTHENTICATED'],
  ])('refuses %s', async (_label, token, status, code) => {
    const response = await t.api<{ error: { code: string } }>('GET', '/api/customers/lookup?number=1', token);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
  });

  it('lets only supervisors and admins inject simulated calls', async () => {
    const response = await t.api<{ error: { code: string } }>('POST', '/api/sim/calls', agentToken, {
      from: '+12125550123',
      to: '+18005550101',
    });
    expect(response).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
  });

  it('classifies lookups as unique, ambiguous, none or unknown', async () => {
    const customer = knownCustomer(t.ringside.db);
    const lookup = (number: string) =>
      t.api<{ match: string; normalized: string | null; customers: { id: number }[] }>(
        'GET',
        `/api/customers/lookup?number=${encodeURIComponent(number)}`,
        agentToken,
      );
    const unique = await lookup(`"Caller" <sip:${customer.e164}@pbx.example.com;user=phone>`);
    expect(unique.body).toMatchObject({ match: 'unique', normalized: customer.e164 });
    expect(unique.body.customers.map((c) => c.id)).toEqual([customer.customerId]);
    expect((await lookup('+1 (202) 555-0199')).body).toMatchObject({
      match: 'none',
      normalized: '+12025550199',
    });
    expect((await lookup('anonymous')).body).toEqual({ match: 'unknown', normalized: null, customers: [] });
    const shared = customer.sharedNumbers[0];
    if (shared) {
      const ambiguous = await lookup(shared);
      expect(ambiguous.body.match).toBe('ambiguous');
      expect(ambiguous.body.customers.length).toBeGreaterThan(1);
    }
  });

  it('creates a customer from numbers in any format and finds it by any of them', async () => {
    const created = await t.api<{ id: number; phones: { e164: string; raw: string }[] }>(
      'POST',
      '/api/customers',
      agentToken,
      {
        name: 'Wang Fang',
        company: 'Acme',
        tier: 'A',
        phones: [{ number: '(415) 555-0142', label: 'work' }],
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.phones).toEqual([{ e164: '+14155550142', raw: '(415) 555-0142', label: 'work' }]);
    const search = await t.api<{ customers: { id: number }[] }>(
      'GET',
      '/api/customers/search?q=415-555-0142',
      agentToken,
    );
    expect(search.body.customers.map((c) => c.id)).toContain(created.body.id);
    const byName = await t.api<{ customers: { id: number }[] }>(
      'GET',
      '/api/customers/search?q=Wang%20Fang',
      agentToken,
    );
    expect(byName.body.customers.map((c) => c.id)).toContain(created.body.id);
  });

  it.each([
    [{ name: '', phones: [{ number: '+14155550100' }] }, 'name'],
    [{ name: 'X', phones: [] }, 'phones'],
    [{ name: 'X', tier: 'Z', phones: [{ number: '+14155550100' }] }, 'tier'],
    [{ name: 'X', phones: [{ number: 'call me maybe' }] }, 'phones.0.number'],
  ])('rejects a bad customer %j naming %s', async (body, field) => {
    const response = await t.api<{ error: { code: string; message: string } }>(
      'POST',
      '/api/customers',
      agentToken,
      body,
    );
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.message).toContain(field);
  });

  it('answers unknown API paths and ids with NOT_FOUND', async () => {
    expect((await t.api('GET', '/api/nope', agentToken)).status).toBe(404);
    expect((await t.api('GET', '/api/customers/99999999', agentToken)).status).toBe(404);
  });
});

describe('socket guard', () => {
  it('refuses sockets without a valid token', async () => {
    for (const auth of [{}, { token: 'forged' }]) {
      const socket = io(t.url, { auth, transports: ['websocket'], reconnection: false });
      const error = await new Promise<Error>((done) => socket.once('connect_error', done));
      expect(error.message).toBe('UNAUTHENTICATED');
      socket.disconnect();
    }
  });

  it('answers malformed payloads and unknown events with error acks and keeps serving', async () => {
    const socket = await t.connect(agentToken);
    const bad = await command(socket, 'agent:set-state', { status: 'sleeping' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const wrongType = await command(socket, 'call:answer', 42 as never);
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    (socket.emit as (...args: unknown[]) => void)('agent:set-state', { status: 'ready' }); // no ack: ignored, no crash
    const unknown = await new Promise((done) =>
      (socket.emit as (...args: unknown[]) => void)('hack:the-planet', {}, done),
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const notRinging = await command(socket, 'call:answer', { callId: 'no-such-call' });
    expect(notRinging).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    const fine = await command(socket, 'agent:set-state', { status: 'not-ready', reason: 'lunch' });
    expect(fine).toMatchObject({ ok: true, data: { status: 'not-ready', reason: 'lunch' } });
    socket.disconnect();
  });

  it('keeps admins off the call floor', async () => {
    const socket = await t.connect(await t.login('admin'));
    const result = await command(socket, 'agent:set-state', { status: 'ready' });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    socket.disconnect();
  });

  it('gives a reconnecting console the current versioned state and the live call', async () => {
    const token = await t.login('agent2');
    const first = await t.connect(token);
    await command(first, 'agent:set-state', { status: 'ready' });
    const offered = new Promise<{ callId: string }>((done) => first.once('call:offered', done));
    const admin = await t.login('admin');
    await t.api('POST', '/api/sim/calls', admin, { from: '+12125550177', to: '+18005550101' });
    const { callId } = await offered;
    await command(first, 'call:answer', { callId });
    first.disconnect();
    const second = await t.connect(token);
    const sync = await command(second, 'session:sync', {});
    expect(sync.ok && sync.data.state.status).toBe('on-call');
    expect(sync.ok && sync.data.activeCall?.callId).toBe(callId);
    expect(sync.ok && sync.data.state.version).toBeGreaterThan(2);
    await command(second, 'call:hangup', { callId });
    second.disconnect();
  });

  it('stops offering calls to an agent whose console disconnected', async () => {
    const token = await t.login('agent3');
    const socket = await t.connect(token);
    await command(socket, 'agent:set-state', { status: 'ready' });
    socket.disconnect();
    const me = await t.api<{ id: number }>('GET', '/api/me', token);
    await expect.poll(() => t.ringside.callCenter.snapshot(me.body.id).state.reason).toBe('disconnected');
    const again = await t.connect(token);
    const sync = await command(again, 'session:sync', {});
    expect(sync.ok && sync.data.state).toMatchObject({ status: 'not-ready', reason: 'disconnected' });
    again.disconnect();
  });
});
