/**
 * Auto-answering agents in a browser page: sip.js's ES modules as shipped (as the console's softphone uses them),
 * registered with an agent's SIP credentials, the microphone acquired at registration (as auto-answer agents do),
 * answering every INVITE at once with real WebRTC media and reporting per call (by `X-Ringside-Call`) its state
 * and RTP packets both ways from getStats.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';

const SIP_LIB = resolve(import.meta.dirname, '../../node_modules/sip.js/lib');

export interface AgentCallView {
  ringsideCall: string;
  state: string;
  from: string;
}

declare global {
  interface Window {
    agent: {
      register(wsUri: string, aor: string, user: string, password: string): Promise<void>;
      calls(): AgentCallView[];
      packets(ringsideCall: string): Promise<{ received: number; sent: number }>;
      hangUp(ringsideCall: string): Promise<void>;
      /** Hold (re-INVITE sendonly) or resume (sendrecv), as the console's softphone does; whether it was accepted. */
      hold(ringsideCall: string, held: boolean): Promise<boolean>;
      /** Blind transfer as the console's softphone does it: REFER to `target`, then hang up once accepted. */
      transfer(ringsideCall: string, target: string): Promise<boolean>;
      /** REFER without hanging up: the refusal's status and X-Reason (status 0: accepted). */
      referRaw(ringsideCall: string, target: string): Promise<{ status: number; reason: string | undefined }>;
      /** A consult call to `target` (as the softphone's "Consult first"); its Call-ID once answered, else null. */
      consult(target: string): Promise<string | null>;
      /**
       * Completes a consult as the softphone does: REFER of `ringsideCall` to `aor` with Replaces naming the consult's
       * dialog (kept from when it was up, so it can name one that ended since), then hang up once accepted.
       */
      completeConsult(
        ringsideCall: string,
        consultCall: string,
        aor: string,
      ): Promise<{ status: number; reason: string | undefined }>;
    };
  }
}

const html = `<!doctype html><meta charset="utf-8"><title>agent</title>
<script type="module">
const SIP = await import('/sip/index.js');
const calls = new Map();
let mic = null;
let ua = null;
/** A Refer-To with URI headers is written in angle brackets (as the softphone's replacesUri). */
class NameAddrUri extends SIP.URI {
  toString() { return '<' + super.toString() + '>'; }
}
const outcome = (session, target, after) => new Promise((done) => {
  session.refer(target, {
    requestDelegate: {
      onAccept: () => { after?.(); done({ status: 0, reason: undefined }); },
      onReject: (r) => done({ status: r.message.statusCode, reason: r.message.getHeader('X-Reason') }),
    },
  }).catch(() => done({ status: -1, reason: undefined }));
});
window.agent = {
  async register(wsUri, aor, user, password) {
    mic = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    ua = new SIP.UserAgent({
      sipExtensionReplaces: SIP.SIPExtension.Supported,
      uri: SIP.UserAgent.makeURI(aor),
      transportOptions: { server: wsUri },
      authorizationUsername: user,
      authorizationPassword: password,
      logLevel: 'error',
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 200 },
      delegate: {
        onInvite(invitation) {
          const id = invitation.request.getHeader('X-Ringside-Call') || invitation.request.callId;
          const from = invitation.remoteIdentity.uri.user;
          const entry = { session: invitation, from, audio: new Audio() };
          calls.set(id, entry);
          invitation.stateChange.addListener((state) => {
            if (state === SIP.SessionState.Established) {
              entry.audio.srcObject = invitation.sessionDescriptionHandler.remoteMediaStream;
              entry.audio.play().catch(() => {});
            }
          });
          invitation.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } }).catch(() => {});
        },
      },
    });
    await ua.start();
    const registerer = new SIP.Registerer(ua, { expires: 300 });
    await new Promise((done, failed) => {
      registerer.stateChange.addListener((s) => { if (s === SIP.RegistererState.Registered) done(); });
      registerer.register({ requestDelegate: { onReject: (r) => failed(new Error('REGISTER ' + r.message.statusCode)) } });
    });
  },
  calls: () => [...calls].map(([id, c]) => ({ ringsideCall: id, state: c.session.state, from: c.from })),
  async packets(id) {
    const pc = calls.get(id)?.session.sessionDescriptionHandler?.peerConnection;
    let received = 0, sent = 0;
    if (!pc) return { received, sent };
    (await pc.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') received += s.packetsReceived;
      if (s.type === 'outbound-rtp' && s.kind === 'audio') sent += s.packetsSent;
    });
    return { received, sent };
  },
  hold(id, held) {
    const session = calls.get(id)?.session;
    if (!session || session.state !== SIP.SessionState.Established) return Promise.resolve(false);
    session.sessionDescriptionHandlerOptionsReInvite = { hold: held };
    return new Promise((done) => {
      session.invite({ requestDelegate: { onAccept: () => done(true), onReject: () => done(false) } })
        .catch(() => done(false));
    });
  },
  async transfer(id, target) {
    const session = calls.get(id)?.session;
    if (!session || session.state !== SIP.SessionState.Established) return false;
    const accepted = await new Promise((done) => {
      session.refer(SIP.UserAgent.makeURI(target), { requestDelegate: { onAccept: () => done(true), onReject: () => done(false) } })
        .catch(() => done(false));
    });
    if (accepted) await session.bye().catch(() => {});
    return accepted;
  },
  /** REFER as it is: the refusal's status and X-Reason (0 when accepted). */
  async referRaw(id, target) {
    const session = calls.get(id)?.session;
    if (!session) return { status: -1, reason: undefined };
    return new Promise((done) => {
      session.refer(SIP.UserAgent.makeURI(target), {
        requestDelegate: {
          onAccept: () => done({ status: 0, reason: undefined }),
          onReject: (r) => done({ status: r.message.statusCode, reason: r.message.getHeader('X-Reason') }),
        },
      }).catch(() => done({ status: -1, reason: undefined }));
    });
  },
  async consult(target) {
    const inviter = new SIP.Inviter(ua, SIP.UserAgent.makeURI(target), {
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
    });
    const id = inviter.request.callId;
    const entry = { session: inviter, from: 'consult', audio: new Audio(), replaces: null };
    calls.set(id, entry);
    const up = new Promise((done) => inviter.stateChange.addListener((state) => {
      if (state === SIP.SessionState.Established) {
        const d = inviter.dialog;
        entry.replaces = encodeURIComponent(d.callId + ';to-tag=' + d.remoteTag + ';from-tag=' + d.localTag);
        done(true);
      }
      if (state === SIP.SessionState.Terminated) done(false);
    }));
    await inviter.invite().catch(() => {});
    return (await up) ? id : null;
  },
  async completeConsult(id, consultId, aor) {
    const session = calls.get(id)?.session;
    const replaces = calls.get(consultId)?.replaces;
    const base = SIP.UserAgent.makeURI(aor);
    if (!session || !replaces || !base) return { status: -1, reason: undefined };
    const target = new NameAddrUri(base.scheme, base.user, base.host, base.port, {}, { Replaces: [replaces] });
    return outcome(session, target, () => session.bye().catch(() => {}));
  },
  async hangUp(id) {
    const session = calls.get(id)?.session;
    if (session && session.state === SIP.SessionState.Established) await session.bye();
  },
};
</script>`;

/** Serves the agent page (stop it with `server.close()`). */
export async function serveAgentPage(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    const file = join(SIP_LIB, path.replace(/^\/sip\//, ''));
    const servable = path.startsWith('/sip/') && file.startsWith(SIP_LIB) && extname(file) === '.js';
    if (!servable || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}/` };
}

/** A registered auto-answering agent in its own browser context. */
export async function openAgentPage(
  browser: Browser,
  url: string,
  sip: { wsUri: string; aor: string; user: string; password: string },
): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('[agent pageerror]', error.message));
  await page.goto(url);
  await page.waitForFunction(() => 'agent' in window);
  await page.evaluate((s) => window.agent.register(s.wsUri, s.aor, s.user, s.password), sip);
  return page;
}
