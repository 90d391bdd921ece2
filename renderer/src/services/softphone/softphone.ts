import type { SipCredentials } from '../protocol';
import { CtiPhone, type CtiPhoneSink } from './cti-phone';
import { refreshDevices } from './media-devices';
import type { Phone } from './phone';
import { startRingtone, stopRingtone } from './ringtone';
import type { SipPhoneHooks } from './sip-phone';
import { resetSoftphone, setRegistration } from './softphone-store';

/**
 * The one phone of this console, a module-level singleton outside React: components come and go, the phone (and
 * any call on it) stays until the session ends. `startPhone` is idempotent for the same credentials.
 */
let current: Phone | null = null;
let currentCreds: SipCredentials | null = null;
let sink: CtiPhoneSink | null = null;
let hooks: SipPhoneHooks = {};

/** Wires the phones to the console's call facts; called once at start-up by the app layer. */
export function configurePhone(ctiSink: CtiPhoneSink, sipHooks: SipPhoneHooks = {}): void {
  sink = ctiSink;
  hooks = sipHooks;
}

export function phone(): Phone {
  if (!current) {
    if (!sink) throw new Error('configurePhone() was not called');
    // the SIP phone is still loading: no call can reach it yet, the bridge's commands answer meanwhile
    if (currentCreds) return new CtiPhone(sink);
    current = new CtiPhone(sink);
  }
  return current;
}

/** With SIP credentials: register the WebRTC phone. Without (sim mode): the CTI phone. */
export function startPhone(creds: SipCredentials | null): void {
  // the same credentials: the phone runs, or (SIP) is loading
  if (creds === currentCreds && (current !== null || creds !== null)) return;
  void stopPhone();
  currentCreds = creds;
  if (!creds) {
    resetSoftphone('cti');
    current = null;
    phone();
    return;
  }
  resetSoftphone('webrtc');
  // sip.js is about half of the console's code: loaded only once the bridge hands out SIP credentials
  import('./sip-phone')
    .then(({ SipPhone }) => {
      if (currentCreds !== creds) return; // signed out, or other credentials, while it loaded
      const sip = new SipPhone(creds, {
        onRinging: (ringing) => (ringing ? startRingtone() : stopRingtone()),
        ...hooks,
      });
      current = sip;
      void sip.start();
      void refreshDevices();
    })
    .catch((err: unknown) => {
      console.error('[softphone] could not create the SIP phone', err);
      setRegistration('failed', false);
    });
}

/** Hangs up, unregisters and forgets the phone (sign-out). */
export async function stopPhone(): Promise<void> {
  const old = current;
  current = null;
  currentCreds = null;
  stopRingtone();
  if (old) await old.stop();
}
