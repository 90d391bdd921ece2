import { SessionState } from 'sip.js';
import { CUSTOMER_KEEPALIVE_MS, type CallHost, type ServerCall } from './server-call';

/** How long a keepalive waits for the carrier's final reply before the customer counts as gone. */
export const KEEPALIVE_REPLY_MS = 8_000;
/**
 * Replies that say the customer's dialog is gone: timeout, the carrier no longer knows the call, Kamailio could not
 * send it. Any other reply (200, or a refusal of INFO itself: 405, 415, 501…) says the carrier still has the call.
 */
const DIALOG_GONE = [408, 477, 481];

/**
 * A customer who vanishes without a BYE (the carrier's SBC restarts, a network cut, SIPp killed -9) is found by an
 * in-dialog INFO toward the customer leg every `customerKeepaliveMs` (30 s unless set; 0: off): no final reply within `keepaliveReplyMs`, or
 * a reply that says the dialog is gone, and the call ends as if the customer hung up (`callerHungUp` once, the
 * agent's leg and rtpengine's session ended). Signalling, not media: a customer who is listening may send no RTP
 * at all (carriers with silence suppression; a SIPp customer after its recording), so a media timeout would hang
 * up live calls, while any carrier that still holds the call answers an in-dialog request.
 */
export function customerKeepAlive(host: CallHost, call: ServerCall): void {
  const every = host.deps.customerKeepaliveMs ?? CUSTOMER_KEEPALIVE_MS;
  if (every <= 0 || call.customerKeepalive) return;
  const replyMs = host.deps.keepaliveReplyMs ?? KEEPALIVE_REPLY_MS;
  let waiting = false;
  call.customerKeepalive = setInterval(() => {
    const { customer } = call;
    if (waiting || customer.state !== SessionState.Established) return;
    waiting = true;
    const answered = () => {
      waiting = false;
      clearTimeout(timer);
    };
    const gone = (why: string) => {
      answered();
      if (call.phase === 'ended') return;
      host.deps.log.info('dialer: customer gone', { callId: call.request.callId, why });
      if ((call.phase === 'connected' || call.phase === 'transferring') && !call.released)
        host.deps.events()?.callerHungUp(call.hubCallId, host.deps.now());
      host.end(call);
    };
    const timer = setTimeout(() => gone('no reply'), replyMs);
    void customer
      .info({
        requestDelegate: {
          onAccept: answered,
          onReject: (response) => {
            const code = response.message.statusCode ?? 0;
            if (DIALOG_GONE.includes(code)) gone(String(code));
            else answered();
          },
        },
      })
      .catch(() => gone('not sent'));
  }, every);
}
