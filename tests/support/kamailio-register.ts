/**
 * Many agents' phones registering at once, cheaply: each agent is one WebSocket to Kamailio (subprotocol `sip`,
 * as a sip.js softphone opens it) that sends a REGISTER, answers the digest challenge and keeps the connection
 * open, so Kamailio holds what it holds for a console's phone (a TCP and a WebSocket connection, a usrloc
 * contact). No sip.js user agent per agent: a thousand of those cost the test more CPU than Kamailio spends.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import WebSocket from 'ws';

export interface Registration {
  username: string;
  /** The final answer's status (200 when registered), or 0 when the connection failed first. */
  status: number;
  reason: string;
  /** The contacts Kamailio holds for the AOR, as listed in its 200 answer (empty for any other answer). */
  contacts: string[];
  socket: WebSocket;
}

const TIMEOUT_MS = 15_000;
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const token = () => randomBytes(8).toString('hex');

/** HA1 as the bridge stores it in Kamailio's subscriber table (auth_db, `calculate_ha1` 0). */
export function sipHa1(username: string, domain: string, password: string): string {
  return md5(`${username}:${domain}:${password}`);
}

/**
 * Registers `username` over a new WebSocket to `wsUri` and resolves with the final answer; the socket stays open
 * (the contact lives as long as it does). Never rejects: a failure is a status other than 200.
 */
export function registerOverWebSocket(options: {
  wsUri: string;
  domain: string;
  username: string;
  password: string;
}): Promise<Registration> {
  const { wsUri, domain, username, password } = options;
  const socket = new WebSocket(wsUri, 'sip');
  const callId = token();
  const fromTag = token();
  const aor = `sip:${username}@${domain}`;
  const request = (cseq: number, authorization?: string) =>
    [
      `REGISTER sip:${domain} SIP/2.0`,
      `Via: SIP/2.0/WS ${callId}.invalid;branch=z9hG4bK${token()}`,
      'Max-Forwards: 70',
      `To: <${aor}>`,
      `From: <${aor}>;tag=${fromTag}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} REGISTER`,
      `Contact: <sip:${username}@${callId}.invalid;transport=ws>;expires=300`,
      ...(authorization ? [`Authorization: ${authorization}`] : []),
      'Expires: 300',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
  return new Promise((done) => {
    let answered = false;
    const finish = (status: number, reason: string, contacts: string[] = []) => {
      clearTimeout(timer);
      socket.removeAllListeners('message');
      done({ username, status, reason, contacts, socket });
    };
    const timer = setTimeout(() => finish(0, `no final answer within ${TIMEOUT_MS} ms`), TIMEOUT_MS);
    socket.on('error', (error) => finish(0, error.message));
    socket.on('close', (code) => finish(0, `WebSocket closed (${code})`));
    socket.on('open', () => socket.send(request(1)));
    socket.on('message', (data) => {
      const [statusLine = '', ...headers] = data.toString().split('\r\n');
      const [, code = '0', reason = ''] = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(statusLine) ?? [];
      const status = Number(code);
      if (status < 200) return;
      const challenge = headers.find((h) => /^WWW-Authenticate:/i.test(h));
      // a second challenge means the credentials were refused
      if (status === 200) return finish(status, reason, contactsOf(headers));
      if (status !== 401 || !challenge || answered) return finish(status, reason);
      answered = true;
      socket.send(request(2, digest(challenge, username, domain, password)));
    });
  });
}

/** The contact URIs of a REGISTER answer's Contact headers (one header may list several, comma-separated). */
function contactsOf(headers: readonly string[]): string[] {
  return headers
    .filter((h) => /^(Contact|m):/i.test(h))
    .flatMap((h) => h.slice(h.indexOf(':') + 1).split(/,(?=\s*<)/))
    .map((c) => /<([^>]+)>/.exec(c)?.[1] ?? c.trim());
}

/** The Authorization header answering a `Digest` challenge (qop=auth when offered) for REGISTER. */
function digest(challenge: string, username: string, domain: string, password: string): string {
  const param = (name: string) => new RegExp(`${name}="?([^",]+)"?`, 'i').exec(challenge)?.[1] ?? '';
  const realm = param('realm');
  const nonce = param('nonce');
  const uri = `sip:${domain}`;
  const ha2 = md5(`REGISTER:${uri}`);
  const ha1 = sipHa1(username, realm, password);
  const common = `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", algorithm=MD5`;
  if (!/qop="?[^"]*auth/i.test(challenge)) return `${common}, response="${md5(`${ha1}:${nonce}:${ha2}`)}"`;
  const cnonce = token();
  const response = md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${ha2}`);
  return `${common}, response="${response}", qop=auth, nc=00000001, cnonce="${cnonce}"`;
}

/** This process's soft limit of open files, as the shell reports it. */
function openFilesLimit(): number {
  const limit = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim();
  return limit === 'unlimited' ? Infinity : Number(limit);
}

/**
 * Makes room for `count` more open files in this process: a soft limit of 1,024 (common outside containers)
 * would fail a thousand WebSockets with EMFILE. Node cannot raise it itself; prlimit(1) raises this pid's soft
 * limit toward the hard one. Throws, naming the limit, when that is not enough.
 */
export function ensureOpenFiles(count: number): void {
  const needed = count + 256;
  if (openFilesLimit() >= needed) return;
  spawnSync('prlimit', ['--pid', String(process.pid), `--nofile=${needed}:`], { stdio: 'ignore' });
  const limit = openFilesLimit();
  if (limit < needed)
    throw new Error(
      `${count} connections need ${needed} open files, the limit is ${limit}: raise it (ulimit -n)`,
    );
}

/** Registers every username, `concurrency` at a time; all sockets stay open until the caller closes them. */
export async function registerMany(options: {
  wsUri: string;
  domain: string;
  usernames: readonly string[];
  passwordOf: (username: string) => string;
  concurrency: number;
}): Promise<Registration[]> {
  ensureOpenFiles(options.usernames.length);
  const queue = [...options.usernames];
  const results: Registration[] = [];
  const worker = async () => {
    for (let username = queue.shift(); username; username = queue.shift()) {
      const password = options.passwordOf(username);
      results.push(await registerOverWebSocket({ ...options, username, password }));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return results;
}

/** Closes every registration's WebSocket (Kamailio drops their contacts: usrloc handle_lost_tcp). */
export function closeAll(registrations: readonly Registration[]): void {
  for (const r of registrations) r.socket.terminate();
}
