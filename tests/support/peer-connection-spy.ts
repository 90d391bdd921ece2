/**
 * Spies on the WebRTC peer connections a page creates (sip.js makes them), so browser tests can read real
 * media facts: inbound RTP packets, the transceiver direction, the sending microphone, DTMF sent, and whether
 * the ringtone plays. Install it on a page before its first call.
 */
import type { Page } from 'playwright-core';

declare global {
  interface Window {
    pcSpy: {
      packetsReceived(): Promise<number>;
      direction(): string | null;
      senderLabel(): string | null;
      tones(): string[];
      ringing(): boolean;
    };
  }
}

/** Records every RTCPeerConnection the page creates (sip.js makes them), to read stats and directions. */
export async function installPeerConnectionSpy(page: Page): Promise<void> {
  await page.evaluate(() => {
    const created: RTCPeerConnection[] = [];
    const Original = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        created.push(this);
      }
    };
    const live = () => created.filter((pc) => pc.connectionState !== 'closed').at(-1);
    const tones: string[] = [];
    const insertDTMF = RTCDTMFSender.prototype.insertDTMF;
    RTCDTMFSender.prototype.insertDTMF = function (this: RTCDTMFSender, ...args) {
      tones.push(args[0]);
      return insertDTMF.apply(this, args);
    };
    // the ringtone is the only media element the console plays from a generated (blob:) source
    const rings = new Set<HTMLMediaElement>();
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      if (this.src.startsWith('blob:')) rings.add(this);
      return play.call(this);
    };
    window.pcSpy = {
      async packetsReceived() {
        const pc = live();
        if (!pc) return 0;
        let received = 0;
        (await pc.getStats()).forEach((s: { type: string; kind?: string; packetsReceived?: number }) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') received += s.packetsReceived ?? 0;
        });
        return received;
      },
      direction: () => live()?.getTransceivers()[0]?.currentDirection ?? null,
      senderLabel: () => live()?.getSenders()[0]?.track?.label ?? null,
      tones: () => tones,
      ringing: () => [...rings].some((element) => !element.paused),
    };
  });
}
