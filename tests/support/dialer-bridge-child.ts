/**
 * Child process: the Kamailio adapter with its dialer (what a bridge with RINGSIDE_DIALER=1 runs), for tests that
 * kill -9 a bridge with server-placed calls in progress. Forked with IPC; argv[2] is its JSON options. The parent
 * sends `{ type: 'originate', request }`; the child reports `ready`, each `progress` and `hungUp`, and `media`
 * (the rtpengine ids of a call) once a call is answered.
 */
import { createLogger } from '../../cti-bridge/src/logger';
import { KamailioPbx, type KamailioDialerOptions } from '../../cti-bridge/src/pbx/kamailio/kamailio-pbx';
import type { OriginateRequest, PbxEvents } from '../../cti-bridge/src/pbx/pbx-adapter';

export interface DialerChildOptions {
  evapiPort: number;
  dialer: Omit<KamailioDialerOptions, 'messageFile'> & { messageFile: string };
  /** SIP users by agent id (1-based). */
  agents: string[];
}

export type DialerChildMessage =
  | { type: 'ready' }
  | { type: 'progress'; callId: string; progress: string }
  | { type: 'hungUp'; callId: string; by: 'caller' | 'agent' }
  | { type: 'media'; callId: string; sipCallId: string };

const send = (message: DialerChildMessage) => process.send?.(message);

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as DialerChildOptions;
  const { messageFile, ...dialer } = options.dialer;
  const pbx = new KamailioPbx({
    evapi: { host: '127.0.0.1', port: options.evapiPort },
    log: createLogger('silent'),
    dialer: { ...dialer, messageFile: () => messageFile },
  });
  const events: PbxEvents = {
    inboundCall: () => undefined,
    transferredCall: () => undefined,
    callerHungUp: (callId) => send({ type: 'hungUp', callId, by: 'caller' }),
    agentHungUp: (callId) => send({ type: 'hungUp', callId, by: 'agent' }),
    answered: () => undefined,
    callInProgress: () => undefined,
    ringFailed: () => undefined,
    phoneBusy: () => undefined,
    phoneFree: () => undefined,
    dialRequested: (request) => ({ allowed: true, e164: request.to }),
    outboundProgress: (callId, progress) => {
      send({ type: 'progress', callId, progress });
      const media = pbx.serverCallMedia(callId);
      if (progress === 'answered' && media) send({ type: 'media', callId, sipCallId: media.callId });
    },
    agentForAnswered: () => null,
  };
  await pbx.start(events, {
    agentIdOf: (user) => options.agents.indexOf(user) + 1 || null,
    sipUsernameOf: (agentId) => options.agents[agentId - 1] ?? null,
  });
  while (!pbx.isConnected() || !pbx.dialerConnected()) await new Promise((done) => setTimeout(done, 20));
  process.on('message', (message: { type: string; request?: OriginateRequest }) => {
    if (message.type === 'originate' && message.request) pbx.originate(message.request);
  });
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
