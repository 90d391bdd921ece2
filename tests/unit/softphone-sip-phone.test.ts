/**
 * The WebRTC phone's logic against a fake sip.js layer (same API surface, no network, no media): registration and
 * reconnect, Call-ID matching of the ringing INVITE, answer / hold / mute / DTMF / transfer / dial outcomes. The
 * real sip.js against real Kamailio is exercised by the end-to-end tests.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  class Emitter<T> {
    private listeners: ((value: T) => void)[] = [];
    addListener(fn: (value: T) => void) {
      this.listeners.push(fn);
    }
    emit(value: T) {
      for (const fn of [...this.listeners]) fn(value);
    }
  }
  const SessionState = {
    Initial: 'Initial',
    Establishing: 'Establishing',
    Established: 'Established',
    Terminating: 'Terminating',
    Terminated: 'Terminated',
  } as const;
  const RegistererState = {
    Initial: 'Initial',
    Registered: 'Registered',
    Unregistered: 'Unregistered',
    Terminated: 'Terminated',
  } as const;
  const UserAgentState = { Started: 'Started', Stopped: 'Stopped' } as const;
  class URI {
    constructor(
      public scheme: string,
      public user: string,
      public host: string,
      public port?: number,
      public parameters: Record<string, string> = {},
      public headers: Record<string, string[]> = {},
    ) {}
    toString() {
      const headers = Object.entries(this.headers).map(([k, v]) => `${k}=${v.join(',')}`);
      return `${this.scheme}:${this.user}@${this.host}${headers.length ? `?${headers.join('&')}` : ''}`;
    }
  }
  const makeURI = (text: string) => {
    const m = /^(sips?):([^@]+)@(.+)$/.exec(text);
    return m ? new URI(m[1] ?? 'sip', m[2] ?? '', m[3] ?? '') : undefined;
  };

  class SessionDescriptionHandler {
    senderEnabled = true;
    dtmfWorks = true;
    tones: string[] = [];
    remoteMediaStream = null;
    peerConnection = null;
    enableSenderTracks(enable: boolean) {
      this.senderEnabled = enable;
    }
    sendDtmf(tones: string) {
      if (this.dtmfWorks) this.tones.push(tones);
      return this.dtmfWorks;
    }
  }

  type Delegate = { onAccept?: (r: unknown) => void; onReject?: (r: unknown) => void };
  class Session {
    state: string = SessionState.Initial;
    stateChange = new Emitter<string>();
    sessionDescriptionHandler = new SessionDescriptionHandler();
    sessionDescriptionHandlerOptionsReInvite: Record<string, unknown> = {};
    reinvites: Record<string, unknown>[] = [];
    refers: unknown[] = [];
    infos: unknown[] = [];
    byes = 0;
    referAccepted = true;
    /** The refusal's status and headers when `referAccepted` is false. */
    referRefusal: { statusCode: number; reasonPhrase: string; headers: Record<string, string> } = {
      statusCode: 603,
      reasonPhrase: 'Decline',
      headers: {},
    };
    replacee: Session | undefined = undefined;
    dialog = { callId: 'dialog-call-id', remoteTag: 'rt', localTag: 'lt' };
    to(state: string) {
      this.state = state;
      this.stateChange.emit(state);
    }
    async invite(options: { requestDelegate?: Delegate } = {}) {
      this.reinvites.push({ ...this.sessionDescriptionHandlerOptionsReInvite });
      queueMicrotask(() => options.requestDelegate?.onAccept?.({}));
    }
    async bye() {
      this.byes++;
      this.to(SessionState.Terminated);
    }
    async refer(target: unknown, options: { requestDelegate?: Delegate } = {}) {
      this.refers.push(target);
      queueMicrotask(() =>
        this.referAccepted
          ? options.requestDelegate?.onAccept?.({})
          : options.requestDelegate?.onReject?.({
              message: {
                statusCode: this.referRefusal.statusCode,
                reasonPhrase: this.referRefusal.reasonPhrase,
                getHeader: (name: string) => this.referRefusal.headers[name],
              },
            }),
      );
    }
    async info(options: unknown) {
      this.infos.push(options);
    }
  }

  class Invitation extends Session {
    accepted: unknown[] = [];
    rejected: unknown[] = [];
    request: { callId: string; getHeader: (name: string) => string | undefined };
    constructor(
      request: { callId: string; headers?: Record<string, string> },
      public remoteIdentity = { displayName: '', uri: { user: '+4930111222' } },
    ) {
      super();
      this.request = { callId: request.callId, getHeader: (name) => request.headers?.[name] };
    }
    async accept(options: unknown) {
      this.accepted.push(options);
      this.to(SessionState.Established);
    }
    async reject(options?: unknown) {
      this.rejected.push(options ?? {});
      this.to(SessionState.Terminated);
    }
  }

  type Outcome =
    { accept: true } | { accept: false; status: number; phrase: string; headers: Record<string, string> };
  const world = {
    userAgents: [] as UserAgent[],
    registerers: [] as Registerer[],
    inviters: [] as Inviter[],
    nextOutcome: { accept: true } as Outcome,
    registerReject: null as number | null,
  };

  class Inviter extends Session {
    static count = 0;
    request = { callId: `out-${++Inviter.count}` };
    cancelled = false;
    constructor(
      public ua: unknown,
      public target: { toString(): string },
      public options: unknown,
    ) {
      super();
      world.inviters.push(this);
    }
    override async invite(options: { requestDelegate?: Delegate } = {}) {
      if (this.state !== SessionState.Initial) return super.invite(options);
      const outcome = world.nextOutcome;
      this.to(SessionState.Establishing);
      queueMicrotask(() => {
        if (this.state !== SessionState.Establishing) return; // cancelled meanwhile
        if (outcome.accept) this.to(SessionState.Established);
        else {
          // the real sip.js order: Terminated first, then the request delegate
          this.to(SessionState.Terminated);
          options.requestDelegate?.onReject?.({
            message: {
              statusCode: outcome.status,
              reasonPhrase: outcome.phrase,
              getHeader: (name: string) => outcome.headers[name],
            },
          });
        }
      });
    }
    async cancel() {
      this.cancelled = true;
      this.to(SessionState.Terminated);
    }
  }

  class UserAgent {
    static makeURI = makeURI;
    state: string = UserAgentState.Stopped;
    connected = false;
    delegate: Record<string, ((...args: never[]) => void) | undefined>;
    reconnects = 0;
    stopped = false;
    constructor(public options: { delegate: Record<string, (...args: never[]) => void> }) {
      this.delegate = options.delegate;
      world.userAgents.push(this);
    }
    isConnected() {
      return this.connected;
    }
    async start() {
      this.state = UserAgentState.Started;
      this.connected = true;
      (this.delegate['onConnect'] as (() => void) | undefined)?.();
    }
    async reconnect() {
      this.reconnects++;
      this.connected = true;
      (this.delegate['onConnect'] as (() => void) | undefined)?.();
    }
    async stop() {
      this.stopped = true;
      this.connected = false;
    }
    drop() {
      this.connected = false;
      (this.delegate['onDisconnect'] as ((e?: Error) => void) | undefined)?.(new Error('ws closed'));
    }
    ring(invitation: Invitation) {
      (this.delegate['onInvite'] as (i: Invitation) => void)(invitation);
    }
  }

  class Registerer {
    state: string = RegistererState.Initial;
    stateChange = new Emitter<string>();
    registers = 0;
    unregistered = false;
    constructor() {
      world.registerers.push(this);
    }
    // like sip.js: no event when the state does not change (a re-REGISTER while "Registered")
    private to(state: string) {
      if (this.state === state) return;
      this.state = state;
      this.stateChange.emit(state);
    }
    async register(
      options: {
        requestDelegate?: { onAccept?: (r: unknown) => void; onReject?: (r: unknown) => void };
      } = {},
    ) {
      this.registers++;
      const reject = world.registerReject;
      queueMicrotask(() => {
        if (reject === null) {
          options.requestDelegate?.onAccept?.({});
          this.to(RegistererState.Registered);
        } else {
          // the real sip.js order: Terminated first, then the request delegate
          this.to(SessionState.Terminated);
          options.requestDelegate?.onReject?.({ message: { statusCode: reject } });
          this.to(RegistererState.Unregistered);
        }
      });
    }
    async unregister() {
      this.unregistered = true;
      this.to(RegistererState.Unregistered);
    }
  }

  return {
    world,
    module: {
      UserAgent,
      UserAgentState,
      Registerer,
      RegistererState,
      Invitation,
      Inviter,
      SessionState,
      URI,
      SIPExtension: { Required: 'Required', Supported: 'Supported', Unsupported: 'Unsupported' },
      Web: { SessionDescriptionHandler },
    },
  };
});

vi.mock('sip.js', () => fake.module);
vi.stubGlobal('window', {
  setTimeout: (fn: () => void, ms?: number) => setTimeout(fn, ms),
  clearTimeout: (id: ReturnType<typeof setTimeout>) => clearTimeout(id),
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
});

const { SipPhone } = await import('../../renderer/src/services/softphone/sip-phone');
const store = await import('../../renderer/src/services/softphone/softphone-store');
type FakeInvitation = InstanceType<typeof fake.module.Invitation>;

const creds = {
  wsUri: 'ws://127.0.0.1:8188',
  aor: 'sip:agent1@ringside.local',
  authorizationUsername: 'agent1',
  password: 'fresh-per-login',
  realm: 'ringside.local',
  displayName: 'Agent One',
};

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

let phone: InstanceType<typeof SipPhone>;
const held: [string, boolean][] = [];
const ringing: boolean[] = [];

async function registeredPhone() {
  phone = new SipPhone(creds, {
    onHeld: (id, h) => held.push([id, h]),
    onRinging: (r) => ringing.push(r),
  });
  await phone.start();
  await flush();
  return phone;
}

function ua() {
  const last = fake.world.userAgents.at(-1);
  if (!last) throw new Error('no user agent');
  return last;
}

async function incoming(callId: string, headers?: Record<string, string>): Promise<FakeInvitation> {
  const invitation = new fake.module.Invitation({ callId, ...(headers ? { headers } : {}) });
  ua().ring(invitation);
  await flush();
  return invitation;
}

async function liveCall(callId = 'bridge-call-1'): Promise<FakeInvitation> {
  const invitation = await incoming(callId);
  expect((await phone.answer(callId)).ok).toBe(true);
  return invitation;
}

beforeEach(() => {
  store.resetSoftphone('webrtc');
  fake.world.userAgents.length = 0;
  fake.world.registerers.length = 0;
  fake.world.inviters.length = 0;
  fake.world.nextOutcome = { accept: true };
  fake.world.registerReject = null;
  held.length = 0;
  ringing.length = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

describe('registration', () => {
  it('registers with the login credentials and shows it', async () => {
    await registeredPhone();
    expect(ua().options).toMatchObject({
      authorizationUsername: 'agent1',
      authorizationPassword: 'fresh-per-login',
      transportOptions: { server: 'ws://127.0.0.1:8188' },
      sessionDescriptionHandlerFactoryOptions: { iceGatheringTimeout: 500 },
    });
    expect(store.softphoneStore.get()).toMatchObject({ registration: 'registered', reconnecting: false });
  });

  it('reconnects and re-registers after the WebSocket drops, with the banner up meanwhile', async () => {
    vi.useFakeTimers();
    await registeredPhone();
    ua().drop();
    expect(store.softphoneStore.get()).toMatchObject({ registration: 'connecting', reconnecting: true });
    await vi.advanceTimersByTimeAsync(1300);
    expect(ua().reconnects).toBe(1);
    expect(fake.world.registerers[0]?.registers).toBe(2);
    expect(store.softphoneStore.get()).toMatchObject({ registration: 'registered', reconnecting: false });
  });

  it('a REGISTER that gets no answer is sent again', async () => {
    vi.useFakeTimers();
    const silent = fake.module.Registerer.prototype.register;
    fake.module.Registerer.prototype.register = async function (this: { registers: number }) {
      this.registers++;
    };
    try {
      await registeredPhone();
      expect(store.softphoneStore.get().registration).toBe('connecting');
    } finally {
      fake.module.Registerer.prototype.register = silent;
    }
    await vi.advanceTimersByTimeAsync(8000 + 1300);
    expect(fake.world.registerers[0]?.registers).toBe(2);
    expect(store.softphoneStore.get()).toMatchObject({ registration: 'registered', reconnecting: false });
  });

  it('a refused digest is a failure, not a retry loop', async () => {
    vi.useFakeTimers();
    fake.world.registerReject = 403;
    await registeredPhone();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(store.softphoneStore.get().registration).toBe('failed');
    expect(fake.world.registerers[0]?.registers).toBe(1);
  });

  it('a server error is retried', async () => {
    vi.useFakeTimers();
    fake.world.registerReject = 503;
    await registeredPhone();
    fake.world.registerReject = null;
    await vi.advanceTimersByTimeAsync(1300);
    expect(store.softphoneStore.get().registration).toBe('registered');
  });

  it('stop unregisters and a late teardown does not overwrite a newer phone', async () => {
    await registeredPhone();
    const first = fake.world.registerers[0];
    await phone.stop();
    expect(first?.unregistered).toBe(true);
    expect(ua().stopped).toBe(true);
  });
});

describe('inbound calls', () => {
  it('ties the ringing INVITE to the offer by Call-ID, rings, answers with the chosen microphone', async () => {
    await registeredPhone();
    const invitation = await incoming('bridge-call-1');
    expect(store.lineOf('bridge-call-1')).toMatchObject({ direction: 'inbound', state: 'ringing' });
    expect(ringing.at(-1)).toBe(true);
    expect((await phone.answer('bridge-call-1')).ok).toBe(true);
    expect(invitation.accepted[0]).toMatchObject({
      sessionDescriptionHandlerOptions: { constraints: { video: false } },
    });
    expect(store.lineOf('bridge-call-1')).toMatchObject({ state: 'live' });
    expect(store.lineOf('bridge-call-1')?.answeredAt).toEqual(expect.any(Number));
    expect(ringing.at(-1)).toBe(false);
  });

  it('an answer clicked on the pop before the INVITE arrives waits for it', async () => {
    await registeredPhone();
    const answered = phone.answer('early-pop');
    await new Promise((resolve) => setTimeout(resolve, 120));
    const invitation = await incoming('early-pop');
    expect((await answered).ok).toBe(true);
    expect(invitation.state).toBe('Established');
  });

  const dialerHeaders = (bridgeCall: string) => ({
    'X-Ringside-Dialer': '1',
    'X-Ringside-Leg': 'agent',
    'X-Ringside-Call': bridgeCall,
  });

  it("auto-answer: the bridge's dialer connecting this agent's customer is answered at once, without a ring", async () => {
    const asked: string[] = [];
    phone = new SipPhone(creds, {
      onRinging: (r) => ringing.push(r),
      autoAnswer: async (bridgeCall) => {
        asked.push(bridgeCall);
        return bridgeCall === 'out-42';
      },
    });
    await phone.start();
    await flush();
    const invitation = await incoming('agent-leg-1', dialerHeaders('out-42'));
    await flush();
    expect(asked).toEqual(['out-42']);
    expect(invitation.state).toBe('Established');
    expect(invitation.accepted).toHaveLength(1);
    expect(store.lineOf('agent-leg-1')).toMatchObject({ state: 'live', autoAnswered: true });
    expect(ringing).not.toContain(true);
  });

  it('auto-answer declined (not on auto-answer, not their card): the dialer call rings like any other', async () => {
    phone = new SipPhone(creds, { onRinging: (r) => ringing.push(r), autoAnswer: async () => false });
    await phone.start();
    await flush();
    const invitation = await incoming('agent-leg-2', dialerHeaders('out-43'));
    await flush();
    expect(invitation.state).toBe('Initial');
    expect(store.lineOf('agent-leg-2')).toMatchObject({ state: 'ringing', autoAnswered: false });
    expect(ringing.at(-1)).toBe(true);
  });

  it('never auto-answers a call without the dialer headers (an ordinary caller, or one missing a header)', async () => {
    const asked: string[] = [];
    phone = new SipPhone(creds, {
      onRinging: (r) => ringing.push(r),
      autoAnswer: async (bridgeCall) => (asked.push(bridgeCall), true),
    });
    await phone.start();
    await flush();
    const plain = await incoming('caller-1');
    const noLeg = await incoming('caller-2', { 'X-Ringside-Dialer': '1', 'X-Ringside-Call': 'out-44' });
    const customerLeg = await incoming('caller-3', {
      ...dialerHeaders('out-45'),
      'X-Ringside-Leg': 'customer',
    });
    await flush();
    expect(asked).toEqual([]);
    for (const invitation of [plain, noLeg, customerLeg]) expect(invitation.state).toBe('Initial');
    expect(ringing.at(-1)).toBe(true);
  });

  it('answering a call that is not ringing here is refused', async () => {
    await registeredPhone();
    const res = await phone.reject('nope');
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  });

  it('reject answers 486 and removes the line', async () => {
    await registeredPhone();
    const invitation = await incoming('c2');
    await phone.reject('c2');
    expect(invitation.rejected[0]).toEqual({ statusCode: 486 });
    expect(store.lineOf('c2')).toBeUndefined();
  });

  it('the caller hanging up removes the line', async () => {
    await registeredPhone();
    const invitation = await liveCall();
    invitation.to('Terminated');
    expect(store.softphoneStore.get().lines).toEqual([]);
  });
});

describe('in-call controls', () => {
  it('hold and resume are re-INVITEs with the hold option, reported to the bridge', async () => {
    await registeredPhone();
    const invitation = await liveCall();
    expect((await phone.hold('bridge-call-1', true)).ok).toBe(true);
    expect(invitation.reinvites.at(-1)).toEqual({ hold: true });
    expect(store.lineOf('bridge-call-1')?.held).toBe(true);
    expect((await phone.hold('bridge-call-1', false)).ok).toBe(true);
    expect(invitation.reinvites.at(-1)).toEqual({ hold: false });
    expect(held).toEqual([
      ['bridge-call-1', true],
      ['bridge-call-1', false],
    ]);
  });

  it('mute disables the sender track only', async () => {
    await registeredPhone();
    const invitation = await liveCall();
    await phone.mute('bridge-call-1', true);
    expect(invitation.sessionDescriptionHandler.senderEnabled).toBe(false);
    expect(invitation.reinvites).toEqual([]);
    await phone.mute('bridge-call-1', false);
    expect(invitation.sessionDescriptionHandler.senderEnabled).toBe(true);
    expect(store.lineOf('bridge-call-1')?.muted).toBe(false);
  });

  it('DTMF goes as RFC 4733 events; SIP INFO only when telephone-event is not negotiated', async () => {
    await registeredPhone();
    const invitation = await liveCall();
    await phone.sendDtmf('bridge-call-1', '5');
    expect(invitation.sessionDescriptionHandler.tones).toEqual(['5']);
    expect(invitation.infos).toEqual([]);
    invitation.sessionDescriptionHandler.dtmfWorks = false;
    await phone.sendDtmf('bridge-call-1', '#');
    expect(invitation.infos[0]).toMatchObject({
      requestOptions: {
        body: { contentType: 'application/dtmf-relay', content: 'Signal=#\r\nDuration=120' },
      },
    });
    expect((await phone.sendDtmf('bridge-call-1', 'x')).ok).toBe(false);
  });

  it('blind transfer REFERs the caller to the target and leaves the call', async () => {
    await registeredPhone();
    const invitation = await liveCall();
    expect((await phone.transferBlind('bridge-call-1', 'agent2')).ok).toBe(true);
    expect(String(invitation.refers[0])).toBe('sip:agent2@ringside.local');
    expect(invitation.byes).toBe(1);
  });

  it('a refused REFER keeps the call', async () => {
    await registeredPhone();
    const invitation = await liveCall();
    invitation.referAccepted = false;
    expect((await phone.transferBlind('bridge-call-1', '+4930999')).ok).toBe(false);
    expect(invitation.byes).toBe(0);
    expect(store.lineOf('bridge-call-1')?.state).toBe('live');
  });

  it('a REFER the compliance gate refuses (403, X-Reason) keeps the call and says why', async () => {
    await registeredPhone();
    const invitation = await liveCall();
    invitation.referAccepted = false;
    invitation.referRefusal = {
      statusCode: 403,
      reasonPhrase: 'Forbidden',
      headers: { 'X-Reason': "DNC_GLOBAL: The number is on the company's do-not-call list." },
    };
    const result = await phone.transferBlind('bridge-call-1', '+4930999');
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
      failure: { kind: 'blocked', reason: "DNC_GLOBAL: The number is on the company's do-not-call list." },
    });
    expect(invitation.byes).toBe(0);
    expect(store.lineOf('bridge-call-1')?.state).toBe('live');
  });

  it('attended transfer: consult holds the caller, complete REFERs with the consult session (Replaces)', async () => {
    await registeredPhone();
    const invitation = await liveCall();
    const consult = await phone.startConsult('bridge-call-1', 'agent2');
    expect(consult.ok).toBe(true);
    expect(invitation.reinvites.at(-1)).toEqual({ hold: true });
    const consultSession = fake.world.inviters[0];
    expect(String(consultSession?.target)).toBe('sip:agent2@ringside.local');
    expect(store.consultOf('bridge-call-1')).toMatchObject({ state: 'live', remote: 'agent2' });
    expect((await phone.completeConsult('bridge-call-1')).ok).toBe(true);
    // Refer-To is the agent's AOR with Replaces for the consult dialog, in angle brackets
    expect(String(invitation.refers[0])).toBe(
      '<sip:agent2@ringside.local?Replaces=dialog-call-id%3Bto-tag%3Drt%3Bfrom-tag%3Dlt>',
    );
    expect(invitation.byes).toBe(1);
  });

  it('attended transfer to a number refers to the consult session itself (its Contact with Replaces)', async () => {
    await registeredPhone();
    const invitation = await liveCall();
    await phone.startConsult('bridge-call-1', '+13105550100');
    expect((await phone.completeConsult('bridge-call-1')).ok).toBe(true);
    expect(invitation.refers[0]).toBe(fake.world.inviters[0]);
  });

  it('attended transfer cancelled: the consult call ends and the caller is resumed', async () => {
    await registeredPhone();
    const invitation = await liveCall();
    await phone.startConsult('bridge-call-1', 'agent2');
    expect((await phone.cancelConsult('bridge-call-1')).ok).toBe(true);
    expect(fake.world.inviters[0]?.byes).toBe(1);
    expect(invitation.reinvites.at(-1)).toEqual({ hold: false });
    expect(store.consultOf('bridge-call-1')).toBeUndefined();
    expect(store.lineOf('bridge-call-1')?.held).toBe(false);
  });

  it('a consult call that fails resumes the caller', async () => {
    await registeredPhone();
    const invitation = await liveCall();
    fake.world.nextOutcome = { accept: false, status: 486, phrase: 'Busy Here', headers: {} };
    const res = await phone.startConsult('bridge-call-1', 'agent2');
    expect(res).toEqual({ ok: false, failure: { kind: 'failed', status: 486, phrase: 'Busy Here' } });
    expect(invitation.reinvites.at(-1)).toEqual({ hold: false });
    expect(store.softphoneStore.get().dialFailure).toBeNull();
  });
});

describe('outbound calls', () => {
  it('dials sip:<number>@realm and shows the live line', async () => {
    await registeredPhone();
    const res = await phone.dial('+49 30 1234 5678');
    expect(res.ok).toBe(true);
    expect(String(fake.world.inviters[0]?.target)).toBe('sip:+493012345678@ringside.local');
    expect(store.softphoneStore.get().lines[0]).toMatchObject({
      direction: 'outbound',
      state: 'live',
      remote: '+493012345678',
    });
  });

  it('a 403 from the compliance gate shows the server reason', async () => {
    await registeredPhone();
    fake.world.nextOutcome = {
      accept: false,
      status: 403,
      phrase: 'Forbidden',
      headers: { Reason: 'SIP;cause=403;text="number is on the do-not-call list"', 'X-Reason': 'dnc' },
    };
    const res = await phone.dial('+14155550100');
    const failure = { kind: 'blocked', reason: 'number is on the do-not-call list' };
    expect(res).toEqual({ ok: false, failure });
    expect(store.softphoneStore.get()).toMatchObject({ dialFailure: failure, lines: [] });
  });

  it('refuses to dial while unregistered or to garbage', async () => {
    await registeredPhone();
    expect(await phone.dial('hello world')).toEqual({ ok: false, failure: { kind: 'invalid-target' } });
    ua().drop();
    expect(await phone.dial('+14155550100')).toEqual({ ok: false, failure: { kind: 'not-registered' } });
    expect(fake.world.inviters).toEqual([]);
  });

  it('hang-up while ringing out cancels', async () => {
    await registeredPhone();
    fake.world.nextOutcome = { accept: true };
    const dialing = phone.dial('agent2');
    const inviter = fake.world.inviters[0];
    expect(store.lineOf(inviter?.request.callId ?? '')?.state).toBe('dialing');
    await phone.hangup(inviter?.request.callId ?? '');
    expect(inviter?.cancelled).toBe(true);
    expect((await dialing).ok).toBe(false);
  });
});
