/**
 * A headless SIP phone for integration tests: sip.js 0.21 (the library the console's softphone uses) running in
 * Node over a real WebSocket to Kamailio, with a signalling-only session description handler (no media). It
 * registers with the credentials the bridge issued at login, answers / ignores / rejects incoming calls, and
 * places calls, and records when each SIP event arrived (performance.now(), same clock as the test).
 */
import { performance } from 'node:perf_hooks';
import {
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  SessionState,
  UserAgent,
  type Session,
  type SessionDescriptionHandler,
} from 'sip.js';
import WebSocket from 'ws';

// sip.js's web transport opens `new WebSocket(url, 'sip')`; Node 20 has no global one.
const g = globalThis as { WebSocket?: unknown };
g.WebSocket ??= WebSocket;

const SDP = [
  'v=0',
  'o=- 4242 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 40000 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  'a=sendrecv',
  '',
].join('\r\n');

/** Signalling only: offers/answers a fixed PCMU SDP and accepts (and records) whatever the far end sends. */
function signallingOnlyHandler(remoteSdps: string[]): SessionDescriptionHandler {
  return {
    close: () => undefined,
    getDescription: async () => ({ body: SDP, contentType: 'application/sdp' }),
    hasDescription: (contentType) => contentType === 'application/sdp',
    setDescription: async (sdp) => {
      remoteSdps.push(sdp);
    },
    sendDtmf: () => false,
  };
}

export type IncomingMode = 'answer' | 'ignore' | 'reject';

export interface CallResult {
  status: number;
  reason: string;
  xReason: string | undefined;
  reasonHeader: string | undefined;
}

export interface TestPhone {
  ua: UserAgent;
  /** What the phone does with the next incoming INVITE. */
  mode: IncomingMode;
  /** performance.now() of every incoming INVITE, with its Call-ID. */
  invites: { callId: string; at: number }[];
  /** Every SDP the far end sent (offers and answers), in order. */
  remoteSdps: string[];
  /** Sessions this phone answered, by Call-ID. */
  sessions: Map<string, Session>;
  register(): Promise<void>;
  call(target: string, options?: { cancelAfterMs?: number }): OutgoingCall;
  stop(): Promise<void>;
}

export interface OutgoingCall {
  inviter: Inviter;
  callId: string;
  /** Resolves with the final response (2xx included) or rejects when the request failed on the transport. */
  result: Promise<CallResult>;
  established: Promise<void>;
}

export function createTestPhone(options: {
  wsUri: string;
  aor: string;
  authorizationUsername?: string;
  password?: string;
  displayName?: string;
}): TestPhone {
  const remoteSdps: string[] = [];
  const ua = new UserAgent({
    uri: UserAgent.makeURI(options.aor),
    transportOptions: { server: options.wsUri, traceSip: false },
    authorizationUsername: options.authorizationUsername ?? '',
    authorizationPassword: options.password ?? '',
    displayName: options.displayName ?? '',
    logBuiltinEnabled: false,
    logLevel: 'error',
    sessionDescriptionHandlerFactory: () => signallingOnlyHandler(remoteSdps),
    noAnswerTimeout: 120,
  });
  const phone: TestPhone = {
    ua,
    mode: 'answer',
    invites: [],
    remoteSdps,
    sessions: new Map(),
    async register() {
      await ua.start();
      const registerer = new Registerer(ua, { expires: 300 });
      await new Promise<void>((done, failed) => {
        const timer = setTimeout(() => failed(new Error(`REGISTER ${options.aor} timed out`)), 5000);
        registerer.stateChange.addListener((state) => {
          if (state !== RegistererState.Registered) return;
          clearTimeout(timer);
          done();
        });
        void registerer.register({
          requestDelegate: {
            onReject: (response) => failed(new Error(`REGISTER rejected ${response.message.statusCode}`)),
          },
        });
      });
    },
    call(target, callOptions = {}) {
      const inviter = new Inviter(
        ua,
        UserAgent.makeURI(target) as NonNullable<ReturnType<typeof UserAgent.makeURI>>,
      );
      const established = new Promise<void>((done) => {
        inviter.stateChange.addListener((state) => {
          if (state === SessionState.Established) done();
        });
      });
      const result = new Promise<CallResult>((done, failed) => {
        const finish = (message: {
          statusCode?: number;
          reasonPhrase?: string;
          getHeader(name: string): string | undefined;
        }) =>
          done({
            status: message.statusCode ?? 0,
            reason: message.reasonPhrase ?? '',
            xReason: message.getHeader('X-Reason'),
            reasonHeader: message.getHeader('Reason'),
          });
        void inviter
          .invite({
            requestDelegate: {
              onAccept: (response) => finish(response.message),
              onReject: (response) => finish(response.message),
              onProgress: () => {
                if (callOptions.cancelAfterMs === undefined) return;
                const wait = callOptions.cancelAfterMs;
                callOptions.cancelAfterMs = undefined;
                setTimeout(() => void inviter.cancel().catch(() => undefined), wait);
              },
            },
          })
          .catch(failed);
      });
      return { inviter, callId: inviter.request.callId, result, established };
    },
    async stop() {
      await ua.stop().catch(() => undefined);
    },
  };
  ua.delegate = {
    onInvite(invitation: Invitation) {
      const callId = invitation.request.callId;
      phone.invites.push({ callId, at: performance.now() });
      invitation.delegate = { onBye: (bye) => void bye.accept() };
      if (phone.mode === 'answer') {
        phone.sessions.set(callId, invitation);
        void invitation.accept().catch(() => undefined);
      } else if (phone.mode === 'reject') void invitation.reject({ statusCode: 486 }).catch(() => undefined);
    },
  };
  return phone;
}

/** Ends an answered or placed call with a BYE from this side. */
export async function hangUp(session: Session): Promise<void> {
  if (session.state === SessionState.Established) await session.bye();
}
