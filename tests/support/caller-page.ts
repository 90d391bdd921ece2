/**
 * A caller in a browser page: sip.js's ES modules as shipped, loaded natively by a page this module serves. It
 * calls with real WebRTC media, follows a REFER like a phone does, and reports its state and received packets.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const SIP_LIB = resolve(import.meta.dirname, '../../node_modules/sip.js/lib');

declare global {
  interface Window {
    caller: {
      call(wsUri: string, aor: string, target: string): Promise<void>;
      state(): string;
      transfers(): string[];
      packetsReceived(): Promise<number>;
      direction(): string | null;
      hangup(): Promise<void>;
    };
  }
}

/** Serves the caller page (stop it with `server.close()`). */
export async function serveCallerPage(): Promise<{ server: Server; url: string }> {
  const html = `<!doctype html><meta charset="utf-8"><title>caller</title><audio id="remote" autoplay></audio>
<script type="module">
const SIP = await import('/sip/index.js');
let session = null;
const transfers = [];
// Follows a REFER like a phone does, and from then on this page reports on the new call.
function watch(s) {
  s.stateChange.addListener((state) => {
    if (state === SIP.SessionState.Established) {
      document.getElementById('remote').srcObject = s.sessionDescriptionHandler.remoteMediaStream;
    }
  });
  s.delegate = {
    onRefer(referral) {
      transfers.push(String(referral.referTo));
      referral.accept().then(() => {
        const next = referral.makeInviter({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
        next.stateChange.addListener((st) => transfers.push('new call ' + st));
        watch(next);
        session = next;
        return next.invite({ requestDelegate: { onReject: (r) => transfers.push('rejected ' + r.message.statusCode) } });
      });
    },
  };
}
async function packetsReceived() {
  const pc = session?.sessionDescriptionHandler?.peerConnection;
  if (!pc) return 0;
  let n = 0;
  (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'audio') n += s.packetsReceived; });
  return n;
}
window.caller = {
  async call(wsUri, aor, target) {
    const ua = new SIP.UserAgent({
      uri: SIP.UserAgent.makeURI(aor),
      transportOptions: { server: wsUri },
      logLevel: 'error',
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 500 },
    });
    await ua.start();
    session = new SIP.Inviter(ua, SIP.UserAgent.makeURI(target), {
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
    });
    watch(session);
    await session.invite();
  },
  state: () => session?.state ?? 'none',
  transfers: () => transfers,
  packetsReceived,
  direction: () => session?.sessionDescriptionHandler?.peerConnection?.getTransceivers()[0]?.currentDirection ?? null,
  hangup: async () => { if (session?.state === SIP.SessionState.Established) await session.bye(); },
};
</script>`;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    const file = join(SIP_LIB, path.replace(/^\/sip\//, ''));
    if (
      !path.startsWith('/sip/') ||
      !file.startsWith(SIP_LIB) ||
      !existsSync(file) ||
      extname(file) !== '.js'
    ) {
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

/**
 * A new caller page (its own browser context, so its own microphone and WebRTC stack), ready to call; `prepare`
 * runs on the context first (init scripts: an audio spy, a tone for a microphone).
 */
export async function openCallerPage(
  browser: Browser,
  url: string,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<Page> {
  const context = await browser.newContext();
  await prepare?.(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('[caller pageerror]', error.message));
  await page.goto(url);
  await page.waitForFunction(() => 'caller' in window);
  return page;
}
