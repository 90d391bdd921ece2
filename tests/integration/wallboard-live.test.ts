import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentBoard } from '../../cti-bridge/protocol/wallboard.schema';
import { command, next, startTestRingside, type TestRingside } from '../support/test-ringside';

const SUPPORT = '+18005550101';
/** Waits on pushes: generous, the suite runs two workers on two cores. */
const WAIT = 15_000;
let t: TestRingside;
let supervisor: string;
let agent: string;

beforeAll(async () => {
  t = await startTestRingside();
  supervisor = await t.login('supervisor');
  agent = await t.login('agent1');
});
afterAll(() => t.stop());

describe('roles', () => {
  it.each(['agents', 'queues', 'dispositions', 'campaigns'])(
    'GET /api/reports/%s: 403 for an agent, 401 without a token, 200 for a supervisor and an admin',
    async (kind) => {
      const path = `/api/reports/${kind}?from=${Date.now() - 30 * 86_400_000}&to=${Date.now()}&interval=60`;
      expect((await t.api('GET', path, agent)).status).toBe(403);
      expect((await t.api('GET', path)).status).toBe(401);
      expect((await t.api('GET', path, supervisor)).status).toBe(200);
      expect((await t.api('GET', path, await t.login('admin'))).status).toBe(200);
    },
  );

  it('refuses an agent socket the wallboard, and never sends it floor figures', async () => {
    const socket = await t.connect(agent);
    const pushed: string[] = [];
    socket.on('wallboard:figures-changed', () => pushed.push('figures'));
    socket.on('wallboard:agents-changed', () => pushed.push('agents'));
    const watch = await command(socket, 'wallboard:watch', {});
    expect(watch.ok === false && watch.error.code).toBe('FORBIDDEN');
    // a supervisor sees the agent's state change; by then the agent's own socket would have had it too
    const watcher = await t.connect(supervisor);
    const seen = next(
      watcher,
      'wallboard:agents-changed',
      (rows) => rows.some((r) => r.name === 'Alice Carter'),
      WAIT,
    );
    await command(socket, 'agent:set-state', { status: 'not-ready', reason: 'break' });
    await seen;
    expect(pushed).toEqual([]);
    socket.disconnect();
    watcher.disconnect();
  });
});

describe('live wallboard', () => {
  it('shows a waiting call, the agent ringing then on the call, and the figures after it', async () => {
    const watcher = await t.connect(supervisor);
    const snapshot = await command(watcher, 'wallboard:watch', {});
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    const support = snapshot.data.figures.queues.find((q) => q.code === 'support');
    expect(support?.waiting).toBe(0);
    const offeredBefore = support?.today.offered ?? 0;

    const queued = next(
      watcher,
      'wallboard:figures-changed',
      (f) => f.queues.some((q) => q.code === 'support' && q.waiting === 1),
      WAIT,
    );
    const placed = await t.api<{ callId: string }>('POST', '/api/sim/calls', supervisor, {
      from: '+14155550123',
      to: SUPPORT,
    });
    expect(placed.status).toBe(201);
    const figures = await queued;
    const queue = figures.queues.find((q) => q.code === 'support');
    expect(queue?.today.offered).toBe(offeredBefore + 1);
    expect(queue?.oldestQueuedAt).not.toBeNull();

    const socket = await t.connect(agent);
    const onCall = next(
      watcher,
      'wallboard:agents-changed',
      (rows: AgentBoard[]) => rows.some((r) => r.state.status === 'on-call'),
      WAIT,
    );
    const offer = next(socket, 'call:offered', () => true, WAIT);
    await command(socket, 'agent:set-state', { status: 'ready' });
    const { callId } = await offer;
    expect((await command(socket, 'call:answer', { callId })).ok).toBe(true);
    const row = (await onCall).find((r) => r.state.status === 'on-call');
    expect(row?.call).toMatchObject({ direction: 'inbound', businessType: 'support', number: '•••••••0123' });

    const answered = next(
      watcher,
      'wallboard:figures-changed',
      (f) => f.queues.some((q) => q.code === 'support' && q.waiting === 0 && q.agents.onCall === 1),
      WAIT,
    );
    expect((await answered).stateMix.onCall).toBe(1);
    socket.disconnect();
    watcher.disconnect();
  });
});

describe('report API', () => {
  it('answers CSV with a BOM that Excel reads as UTF-8, Chinese names intact', async () => {
    const response = await fetch(
      `${t.url}/api/reports/queues?from=${Date.now() - 30 * 86_400_000}&to=${Date.now() + 1000}&interval=60&format=csv&lang=zh-CN`,
      { headers: { authorization: `Bearer ${supervisor}` } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="ringside-queues-/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\r\n')[0]).toBe(
      'interval,from,to,id,name,offered,answered,abandoned,shortAbandoned,answeredInTarget,serviceLevel,asaMs,abandonRate,abandonRateExShort,handled,ahtMs',
    );
    expect(text).toContain('客户服务');
  });

  it.each([
    ['interval=20', 400],
    ['from=10&to=5', 400],
    ['from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&interval=15', 200],
  ])('%s → %i', async (query, status) => {
    const path = query.includes('from')
      ? `/api/reports/agents?${query}`
      : `/api/reports/agents?from=0&to=1&${query}`;
    expect((await t.api('GET', path, supervisor)).status).toBe(status);
  });
});
