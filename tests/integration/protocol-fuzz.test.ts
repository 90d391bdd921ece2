/**
 * Property-based fuzzing (fast-check) of the whole protocol against a real bridge: every socket command with
 * payloads shaped like its schema and not, unknown events, and every HTTP endpoint of the OpenAPI document with
 * fuzzed path parameters, queries and bodies. Properties: every command is acknowledged with a well-formed
 * result, never INTERNAL; no HTTP answer is a 5xx; the bridge is alive and has contained no failure at the end.
 */
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalog } from '../../cti-bridge/protocol/errors';
import { commandSchemas, type CommandName } from '../../cti-bridge/protocol/events';
import { startTestRingside, type TestRingside } from '../support/test-ringside';

const RUNS_PER_COMMAND = 150;
const RUNS_PER_ENDPOINT = 80;
let t: TestRingside;
const usernames = { agent: 'agent1', supervisor: 'supervisor', admin: 'admin' } as const;
let tokens: Record<keyof typeof usernames, string>;
let socket: Socket;
let realCallId = 'none';
let realInteractionId = 1;
const counts = { socketCommands: 0, acks: 0, missingAcks: 0, internal: 0, http: 0, http5xx: 0 };
const statuses = new Map<number, number>();

beforeAll(async () => {
  t = await startTestRingside();
  tokens = {
    agent: await t.login('agent1'),
    supervisor: await t.login('supervisor'),
    admin: await t.login('admin'),
  };
  socket = (await t.connect(tokens.agent)) as unknown as Socket;
  const placed = await t.api<{ callId: string; interactionId: number }>(
    'POST',
    '/api/sim/calls',
    tokens.admin,
    {
      from: '+12025550170',
      to: '+18005550100',
    },
  );
  realCallId = placed.body.callId;
  realInteractionId = placed.body.interactionId;
}, 60_000);

afterAll(async () => {
  console.info(
    `protocol fuzz: ${counts.socketCommands} socket commands, ${counts.acks} acks, ${counts.missingAcks} missing, ` +
      `${counts.internal} INTERNAL; ${counts.http} HTTP requests, ${counts.http5xx} 5xx; statuses ` +
      JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b))),
  );
  await t.stop();
});

/** Strings as hostile as they come: control characters, NULs, lone surrogates, SQL and FTS syntax. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '"',
    "'; DROP TABLE users; --",
    'NEAR(a b)',
    '*',
    '\ud800',
    '%',
    '../..',
  ),
);
const scalar = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308),
);
const value = fc.oneof(
  { depthSize: 'small' },
  scalar,
  fc.constantFrom('ready', 'not-ready', 'logged-out', 'resolved', 'do-not-call', 'callback-requested'),
  fc
    .constantFrom(
      () => realCallId,
      () => realInteractionId,
    )
    .map((pick) => pick()),
  fc.array(scalar, { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 3 }),
);

/** The keys a schema reads (objects and the options of a union), so payloads often look almost right. */
function keysOf(schema: unknown): string[] {
  const s = schema as { shape?: Record<string, unknown>; options?: unknown[] } | null;
  if (!s) return [];
  if (s.shape) return Object.keys(s.shape);
  if (s.options) return [...new Set(s.options.flatMap(keysOf))];
  return [];
}

const payloadFor = (keys: string[]) =>
  fc.oneof(
    fc.dictionary(fc.constantFrom(...keys, 'extra'), value, { maxKeys: keys.length + 1 }),
    fc.record(Object.fromEntries(keys.map((key) => [key, value]))),
    value,
    fc.jsonValue(),
  );

async function send(event: string, payload: unknown): Promise<void> {
  counts.socketCommands += 1;
  let result: unknown;
  try {
    result = await socket.timeout(3000).emitWithAck(event, payload);
  } catch {
    counts.missingAcks += 1;
    throw new Error(`no acknowledgement for ${event}`);
  }
  counts.acks += 1;
  const shaped = result as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
  if (shaped.ok === true) return;
  expect(shaped.ok).toBe(false);
  expect(Object.keys(errorCatalog)).toContain(shaped.error?.code);
  expect(typeof shaped.error?.message).toBe('string');
  if (shaped.error?.code === 'INTERNAL') {
    counts.internal += 1;
    throw new Error(`${event} answered INTERNAL: ${String(shaped.error.message)}`);
  }
}

describe('socket commands', () => {
  it.each(Object.keys(commandSchemas) as CommandName[])(
    '%s: always acknowledged with a result, never INTERNAL',
    async (name) => {
      await fc.assert(
        fc.asyncProperty(payloadFor(keysOf(commandSchemas[name])), (payload) => send(name, payload)),
        { numRuns: RUNS_PER_COMMAND },
      );
    },
    60_000,
  );

  it('unknown events with an acknowledgement are refused as invalid', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 30 }).filter((name) => !(name in commandSchemas)),
        value,
        (name, payload) => send(name, payload),
      ),
      { numRuns: 60 },
    );
  });
});

interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  params: string[];
  query: string[];
  body: string[];
}

async function operations(): Promise<Operation[]> {
  const document = (
    await t.api<{ paths: Record<string, Record<string, Record<string, unknown>>> }>(
      'GET',
      '/api/openapi.json',
    )
  ).body;
  const found: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths))
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = (operation['parameters'] ?? []) as { name: string; in: string }[];
      const body = (
        operation['requestBody'] as { content: Record<string, { schema: { properties?: object } }> }
      )?.content['application/json']?.schema.properties;
      found.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        body: Object.keys(body ?? {}),
      });
    }
  return found;
}

const asText = (raw: unknown) => (typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? 'undefined'));
// a lone surrogate cannot be put in a URL at all (encodeURIComponent throws): a client sends U+FFFD instead
const asUrlText = (raw: unknown) => asText(raw).replace(/[\ud800-\udfff]/gu, '\ufffd');

describe('HTTP endpoints', () => {
  it('never answer 5xx to fuzzed parameters, queries and bodies', async () => {
    const all = await operations();
    expect(all.length).toBeGreaterThan(8);
    for (const operation of all) {
      // logging out would revoke the token the rest of the run uses: it gets a token of its own each time
      const ownToken = operation.path === '/api/auth/logout';
      // disabling an account, resetting its password or changing its role would sign out (or demote) the users
      // the rest of the run acts as: only those it must refuse try it
      const accountChange =
        operation.path.endsWith('/disable') ||
        operation.path.endsWith('/password') ||
        (operation.path === '/api/users/{id}' && operation.method === 'PATCH');
      const roles = accountChange
        ? (['agent', 'supervisor', 'none'] as const)
        : (['agent', 'supervisor', 'admin', 'none'] as const);
      const hasBody = operation.method === 'POST' || operation.method === 'PATCH';
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            params: fc.record(Object.fromEntries(operation.params.map((name) => [name, value]))),
            query: fc.dictionary(fc.constantFrom(...operation.query, 'x'), value, { maxKeys: 3 }),
            body: hasBody ? payloadFor(operation.body) : fc.constant(undefined),
            rawBody: fc.option(nasty, { freq: 5 }),
            who: fc.constantFrom(...roles) as fc.Arbitrary<keyof typeof tokens | 'none'>,
          }),
          async ({ params, query, body, rawBody, who }) => {
            let path = operation.path;
            for (const [name, raw] of Object.entries(params))
              path = path.replace(`{${name}}`, encodeURIComponent(asUrlText(raw)));
            const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, asUrlText(v)]));
            const token = who === 'none' ? undefined : ownToken ? await t.login(usernames[who]) : tokens[who];
            const response = await fetch(`${t.url}${path}${search.size ? `?${search}` : ''}`, {
              method: operation.method,
              headers: {
                ...(hasBody ? { 'content-type': 'application/json' } : {}),
                ...(token ? { authorization: `Bearer ${token}` } : {}),
              },
              ...(hasBody ? { body: rawBody ?? JSON.stringify(body) ?? 'null' } : {}),
            });
            await response.arrayBuffer();
            counts.http += 1;
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            if (response.status >= 500) {
              counts.http5xx += 1;
              throw new Error(`${operation.method} ${path} answered ${response.status}`);
            }
          },
        ),
        { numRuns: RUNS_PER_ENDPOINT },
      );
    }
  }, 300_000);

  it('leaves the bridge alive, every command acknowledged, no failure contained', async () => {
    const health = await t.api<{ status: string; faults: number }>('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', faults: 0 });
    expect(counts.missingAcks).toBe(0);
    expect(counts.internal).toBe(0);
    expect(counts.http5xx).toBe(0);
    expect(socket.connected).toBe(true);
  });
});
