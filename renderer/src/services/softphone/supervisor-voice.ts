import type { MonitorMode } from '../protocol';

/** Candidates are sent inside the SDP (the bridge relays no trickle): wait for gathering, at most this long. */
const GATHER_MAX_MS = 1500;

interface VoiceLeg {
  callId: string;
  pc: RTCPeerConnection;
  mode: MonitorMode;
  source: MediaStreamAudioSourceNode | null;
  /** Chrome feeds a remote WebRTC stream into WebAudio only while a media element plays it (muted here). */
  keeper: HTMLAudioElement | null;
}

interface Barge {
  sender: RTCRtpSender;
  mic: MediaStreamTrack | null;
  micSource: MediaStreamAudioSourceNode | null;
  bus: MediaStreamAudioDestinationNode;
}

/** The end of ICE gathering (or the limit): the local description then carries every candidate. */
export function gathered(pc: RTCPeerConnection, maxMs = GATHER_MAX_MS): Promise<void> {
  return new Promise((done) => {
    if (pc.iceGatheringState === 'complete') return done();
    const timer = window.setTimeout(done, maxMs);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState !== 'complete') return;
      window.clearTimeout(timer);
      done();
    });
  });
}

/**
 * Supervisors' voices on the agent's call, mixed here with WebAudio — no media server: each arrives on its own
 * WebRTC connection (signalled through the bridge). Whisper: into what the agent hears only. Barge: also into what
 * the call sends — the microphone and the supervisors' voices mixed into one track that replaces the microphone on
 * the call's sender (no renegotiation), and the microphone put back once nobody barges any more.
 */
export class SupervisorVoices {
  private ctx: AudioContext | null = null;
  private readonly legs = new Map<string, VoiceLeg>();
  private barge: Barge | null = null;
  /** Routing changes run one after another (starting the send mix awaits the sender). */
  private routing: Promise<void> = Promise.resolve();

  constructor(private readonly peerOf: (callId: string) => RTCPeerConnection | null) {}

  /** Answers a supervisor's voice offer; resolves with the answer SDP for the bridge. */
  async answer(monitorId: string, callId: string, mode: MonitorMode, offer: string): Promise<string> {
    this.close(monitorId);
    const ctx = this.audio();
    const pc = new RTCPeerConnection({ iceServers: [] });
    const leg: VoiceLeg = { callId, pc, mode, source: null, keeper: null };
    this.legs.set(monitorId, leg);
    pc.ontrack = (event) => {
      if (leg.source || this.legs.get(monitorId) !== leg) return;
      const stream = new MediaStream([event.track]);
      leg.keeper = new Audio();
      leg.keeper.muted = true;
      leg.keeper.srcObject = stream;
      void leg.keeper.play().catch(() => undefined);
      leg.source = ctx.createMediaStreamSource(stream);
      void this.route();
    };
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    void ctx.resume().catch(() => undefined);
    return pc.localDescription?.sdp ?? '';
  }

  setMode(monitorId: string, mode: MonitorMode): void {
    const leg = this.legs.get(monitorId);
    if (!leg) return;
    leg.mode = mode;
    void this.route();
  }

  close(monitorId: string): void {
    const leg = this.legs.get(monitorId);
    if (!leg) return;
    this.legs.delete(monitorId);
    leg.source?.disconnect();
    if (leg.keeper) leg.keeper.srcObject = null;
    leg.pc.close();
    void this.route();
  }

  closeAll(): void {
    for (const monitorId of [...this.legs.keys()]) this.close(monitorId);
  }

  private audio(): AudioContext {
    this.ctx ??= new AudioContext();
    return this.ctx;
  }

  private route(): Promise<void> {
    this.routing = this.routing
      .then(() => this.reroute())
      .catch((err: unknown) => {
        console.warn('[softphone] supervisor voice routing failed', err);
      });
    return this.routing;
  }

  /** Connects every voice where its mode says; starts or ends the send mix as barging starts or ends. */
  private async reroute(): Promise<void> {
    const ctx = this.audio();
    const barging = [...this.legs.values()].find((leg) => leg.mode === 'barge');
    if (barging && !this.barge) await this.startBarge(barging.callId);
    if (!barging && this.barge) await this.stopBarge();
    for (const leg of this.legs.values()) {
      if (!leg.source) continue;
      leg.source.disconnect();
      if (leg.mode === 'listen') continue;
      leg.source.connect(ctx.destination);
      if (leg.mode === 'barge' && this.barge) leg.source.connect(this.barge.bus);
    }
  }

  private async startBarge(callId: string): Promise<void> {
    const sender = this.peerOf(callId)
      ?.getSenders()
      .find((s) => s.track?.kind === 'audio');
    if (!sender) return;
    const ctx = this.audio();
    const bus = ctx.createMediaStreamDestination();
    const mic = sender.track;
    const micSource = mic ? ctx.createMediaStreamSource(new MediaStream([mic])) : null;
    micSource?.connect(bus);
    const mixed = bus.stream.getAudioTracks()[0];
    if (!mixed) return;
    // mute carries over: the mixed track is what mute now switches off
    mixed.enabled = mic?.enabled ?? true;
    this.barge = { sender, mic, micSource, bus };
    await sender.replaceTrack(mixed);
  }

  private async stopBarge(): Promise<void> {
    const barge = this.barge;
    if (!barge) return;
    this.barge = null;
    const mixed = barge.bus.stream.getAudioTracks()[0];
    if (barge.mic && mixed) barge.mic.enabled = mixed.enabled;
    barge.micSource?.disconnect();
    await barge.sender.replaceTrack(barge.mic).catch(() => undefined);
    mixed?.stop();
  }
}
