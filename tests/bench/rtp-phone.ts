/**
 * A bench agent phone: sip.js in Node over WebSocket to Kamailio, answering (or placing) calls with plain RTP on a
 * real UDP socket per call, so the bench can time the first RTP packet that reaches the agent. No ICE/DTLS: a
 * browser adds its handshake before its first packet (README "Server-placed calls" says by how much).
 */
import { createSocket, type Socket } from 'node:dgram';
import {
  Inviter,
  Registerer,
  RegistererState,
  UserAgent,
  type Session,
  type SessionDescriptionHandler,
} from 'sip.js';
import WebSocket from 'ws';

const g = globalThis as { WebSocket?: unknown };
g.WebSocket ??= WebSocket;

export interface RtpPhone {
  ua: UserAgent;
  /** Date.now() of the first RTP packet of each call, by the bridge's call id (X-Ringside-Call) or SIP Call-ID. */
  firstRtp: Map<string, number>;
  register(): Promise<void>;
  /** Places a call (the agent-dialled case); resolves with the SIP Call-ID. */
  dial(target: string): string;
  stop(): Promise<void>;
}

function sdp(port: number): string {
  return [
    'v=0',
    `o=- ${port} 1 IN IP4 127.0.0.1`,
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP 8 0`,
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:0 PCMU/8000',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

export function createRtpPhone(options: {
  wsUri: string;
  aor: string;
  user: string;
  password: string;
}): RtpPhone {
  const firstRtp = new Map<string, number>();
  const sockets: Socket[] = [];
  const handler = (key: () => string): SessionDescriptionHandler => {
    let socket: Socket | null = null;
    const open = async (): Promise<number> => {
      if (socket) return (socket.address() as { port: number }).port;
      const s = createSocket('udp4');
      socket = s;
      sockets.push(s);
      s.on('message', () => {
        if (!firstRtp.has(key())) firstRtp.set(key(), Date.now());
      });
      await new Promise<void>((done) => s.bind(0, '127.0.0.1', () => done()));
      return (s.address() as { port: number }).port;
    };
    return {
      close: () => {
        socket?.close();
        socket = null;
      },
      getDescription: async () => ({ body: sdp(await open()), contentType: 'application/sdp' }),
      hasDescription: (contentType) => contentType === 'application/sdp',
      setDescription: async () => undefined,
      sendDtmf: () => false,
    };
  };
  const keys = new WeakMap<Session, string>();
  const ua = new UserAgent({
    uri: UserAgent.makeURI(options.aor),
    transportOptions: { server: options.wsUri, traceSip: false },
    authorizationUsername: options.user,
    authorizationPassword: options.password,
    logBuiltinEnabled: false,
    logLevel: 'error',
    sessionDescriptionHandlerFactory: (session) => handler(() => keys.get(session) ?? ''),
    delegate: {
      onInvite: (invitation) => {
        keys.set(invitation, invitation.request.getHeader('X-Ringside-Call') ?? invitation.request.callId);
        invitation.delegate = { onBye: (bye) => void bye.accept() };
        void invitation.accept().catch(() => undefined);
      },
    },
  });
  return {
    ua,
    firstRtp,
    async register() {
      await ua.start();
      const registerer = new Registerer(ua, { expires: 600 });
      await new Promise<void>((done, failed) => {
        const timer = setTimeout(() => failed(new Error(`REGISTER ${options.aor} timed out`)), 10_000);
        registerer.stateChange.addListener((state) => {
          if (state !== RegistererState.Registered) return;
          clearTimeout(timer);
          done();
        });
        void registerer.register();
      });
    },
    dial(target) {
      const uri = UserAgent.makeURI(target);
      if (!uri) throw new Error(`not a SIP URI: ${target}`);
      const inviter = new Inviter(ua, uri);
      keys.set(inviter, inviter.request.callId);
      inviter.delegate = { onBye: (bye) => void bye.accept() };
      void inviter.invite().catch(() => undefined);
      return inviter.request.callId;
    },
    async stop() {
      await ua.stop().catch(() => undefined);
      for (const socket of sockets) {
        try {
          socket.close();
        } catch {
          // closed with its session
        }
      }
    },
  };
}
