/**
 * What a browser page receives and plays, for tests that check audio: every RTCPeerConnection it creates (packets
 * per m= line, when each first received), a tap (AnalyserNode) on whatever it plays through WebAudio to read the
 * level of a frequency, and a microphone that is a steady tone. Install with `context.addInitScript`.
 */
import type { Page } from 'playwright-core';

/** Every page: its RTCPeerConnections, and a tap on whatever it plays through WebAudio (FFT at a frequency). */
export function spyScript() {
  const pcs: RTCPeerConnection[] = [];
  const createdAt: number[] = [];
  const firstPacketAt: Record<string, number> = {};
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) {
      super(config);
      const i = pcs.push(this) - 1;
      createdAt.push(Date.now());
      // when each m= line first receives, to within 10 ms
      const timer = setInterval(() => {
        if (this.connectionState === 'closed') return clearInterval(timer);
        void this.getStats().then((stats) =>
          stats.forEach((s: { type: string; mid?: string; packetsReceived?: number }) => {
            if (s.type === 'inbound-rtp' && (s.packetsReceived ?? 0) > 0)
              firstPacketAt[`pc${i}.mid${s.mid ?? '?'}`] ??= Date.now();
          }),
        );
      }, 10);
    }
  };
  const taps: AnalyserNode[] = [];
  const tapOf = new WeakMap<BaseAudioContext, AnalyserNode>();
  const connect = AudioNode.prototype.connect as (this: AudioNode, ...args: unknown[]) => unknown;
  AudioNode.prototype.connect = function (this: AudioNode, ...args: unknown[]) {
    if (args[0] instanceof AudioDestinationNode) {
      let tap = tapOf.get(this.context);
      if (!tap) {
        tap = this.context.createAnalyser();
        tap.fftSize = 8192;
        tap.smoothingTimeConstant = 0;
        tapOf.set(this.context, tap);
        taps.push(tap);
      }
      connect.call(this, tap);
    }
    return connect.apply(this, args);
  } as typeof AudioNode.prototype.connect;
  Object.assign(window, {
    spy: {
      /** inbound-rtp packets per connection and m= line (mid), noting when each first saw one. */
      async inbound(): Promise<Record<string, number>> {
        const out: Record<string, number> = {};
        for (const [i, pc] of pcs.entries()) {
          if (pc.connectionState === 'closed') continue;
          (await pc.getStats()).forEach((s: { type: string; mid?: string; packetsReceived?: number }) => {
            if (s.type !== 'inbound-rtp') return;
            const key = `pc${i}.mid${s.mid ?? '?'}`;
            out[key] = s.packetsReceived ?? 0;
          });
        }
        return out;
      },
      firstPacketAt: () => firstPacketAt,
      createdAt: () => createdAt,
      open: () => pcs.filter((pc) => pc.connectionState !== 'closed').length,
      /** From now on, notes when `hz` is first played louder than `db` (checked every 10 ms); read with `heardAt`. */
      watch(hz: number, db: number): void {
        const self = (window as unknown as { spy: { playing(f: number): number; heard: number | null } }).spy;
        self.heard = null;
        const timer = setInterval(() => {
          if (self.playing(hz) <= db) return;
          self.heard = Date.now();
          clearInterval(timer);
        }, 10);
      },
      heard: null as number | null,
      heardAt: () => (window as unknown as { spy: { heard: number | null } }).spy.heard,
      /** The loudest level (dB) within ±2 bins of `hz` in what the page plays through WebAudio. */
      playing(hz: number): number {
        let best = -Infinity;
        for (const tap of taps) {
          const bins = new Float32Array(tap.frequencyBinCount);
          tap.getFloatFrequencyData(bins);
          const at = Math.round(hz / (tap.context.sampleRate / tap.fftSize));
          for (let b = at - 2; b <= at + 2; b++) best = Math.max(best, bins[b] ?? -Infinity);
        }
        return best;
      },
    },
  });
}

/** The supervisor's microphone: a steady tone, so the test can tell their voice by its frequency. */
export function toneMicrophone(hz: number) {
  navigator.mediaDevices.getUserMedia = async () => {
    const ctx = new AudioContext();
    await ctx.resume();
    const tone = ctx.createOscillator();
    tone.frequency.value = hz;
    const gain = ctx.createGain();
    gain.gain.value = 0.3;
    const out = ctx.createMediaStreamDestination();
    tone.connect(gain).connect(out);
    tone.start();
    return out.stream;
  };
}

export type Spy = {
  inbound(): Promise<Record<string, number>>;
  firstPacketAt(): Record<string, number>;
  createdAt(): number[];
  open(): number;
  playing(hz: number): number;
  watch(hz: number, db: number): void;
  heardAt(): number | null;
};
export const spy = (page: Page) => ({
  inbound: () => page.evaluate(() => (window as unknown as { spy: Spy }).spy.inbound()),
  firstPacketAt: () => page.evaluate(() => (window as unknown as { spy: Spy }).spy.firstPacketAt()),
  createdAt: () => page.evaluate(() => (window as unknown as { spy: Spy }).spy.createdAt()),
  open: () => page.evaluate(() => (window as unknown as { spy: Spy }).spy.open()),
  playing: (hz: number) => page.evaluate((f) => (window as unknown as { spy: Spy }).spy.playing(f), hz),
  watch: (hz: number, db: number) =>
    page.evaluate(([f, d]) => (window as unknown as { spy: Spy }).spy.watch(f, d), [hz, db] as const),
  heardAt: () => page.evaluate(() => (window as unknown as { spy: Spy }).spy.heardAt()),
});
