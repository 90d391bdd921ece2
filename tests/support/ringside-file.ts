/**
 * The opening the sim-PBX test files share, on top of test-ringside (kept free of vitest: the benches import it):
 * one bridge a file with the admin signed in, a ready agent, a simulated customer's call.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import {
  command,
  signInRoles,
  startTestRingside,
  type AgentSocket,
  type TestRingside,
  type TestRingsideOptions,
} from './test-ringside';

/** What `useTestRingside` hands a test file once its bridge runs: the bridge and the admin's token. */
export interface RingsideFile {
  t: TestRingside;
  admin: string;
}

/** With `roles: true`, also a supervisor's and an agent's (agent1) tokens. */
export type RingsideRolesFile = RingsideFile & Awaited<ReturnType<typeof signInRoles>>;

export interface RingsideFileSetup {
  env?: Record<string, string>;
  options?: TestRingsideOptions;
  /** Every test starts with no call in the building: callers still on the sim after a test hang up. */
  endCallsAfterEach?: boolean;
}

/**
 * One bridge for the whole file: started before its tests with the admin signed in (and the other roles) and
 * handed to `ready`, stopped after them (also when the start failed half-way).
 */
export function useTestRingside(
  ready: (file: RingsideRolesFile) => unknown,
  setup: RingsideFileSetup & { roles: true },
): void;
export function useTestRingside(ready: (file: RingsideFile) => unknown, setup?: RingsideFileSetup): void;
export function useTestRingside(
  ready: (file: RingsideRolesFile) => unknown,
  setup: RingsideFileSetup & { roles?: boolean } = {},
): void {
  let t: TestRingside | undefined;
  beforeAll(async () => {
    const started = await startTestRingside(setup.env, setup.options);
    t = started;
    const tokens = setup.roles
      ? await signInRoles(started)
      : { admin: await started.login('admin'), supervisor: '', agent: '' };
    await ready({ t: started, ...tokens });
  });
  afterAll(async () => {
    await t?.stop();
  });
  if (setup.endCallsAfterEach)
    afterEach(() => {
      if (t) for (const callId of t.sim.activeCallIds()) t.sim.callerHangsUp(callId);
    });
}

/** An agent's socket, signed in and ready for calls. */
export async function readyAgent(t: TestRingside, username: string): Promise<AgentSocket> {
  const socket = await t.connect(await t.login(username));
  expect((await command(socket, 'agent:set-state', { status: 'ready' })).ok).toBe(true);
  return socket;
}

/** A simulated customer calls (POST /api/sim/calls, accepted): the call and its interaction. */
export async function placeSimCall(
  t: TestRingside,
  token: string,
  call: { from: string; to: string } & Record<string, unknown>,
): Promise<{ callId: string; interactionId: number }> {
  const { status, body } = await t.api<{ callId: string; interactionId: number }>(
    'POST',
    '/api/sim/calls',
    token,
    call,
  );
  expect(status).toBe(201);
  return body;
}
