import type { Session } from 'sip.js';
import { applySink, devicesStore } from './media-devices';
import { remoteStreamOf } from './sip-session-ops';

/**
 * One <audio> element per line, owned here and not by React, so a re-render can never cut the far end off.
 * Every element follows the chosen speaker.
 */
export class RemoteAudio {
  private readonly elements = new Map<string, HTMLAudioElement>();
  private readonly stopWatching = devicesStore.subscribe(() => {
    const speaker = devicesStore.get().choice.speakerId;
    for (const element of this.elements.values()) void applySink(element, speaker);
  });

  attach(id: string, session: Session): void {
    const stream = remoteStreamOf(session);
    if (!stream) return;
    const element = this.elements.get(id) ?? new Audio();
    element.autoplay = true;
    element.srcObject = stream;
    this.elements.set(id, element);
    void applySink(element, devicesStore.get().choice.speakerId).then(() =>
      element.play().catch((err: unknown) => console.warn('[softphone] remote audio blocked', err)),
    );
  }

  detach(id: string): void {
    const element = this.elements.get(id);
    if (!element) return;
    element.pause();
    element.srcObject = null;
    this.elements.delete(id);
  }

  detachAll(): void {
    for (const id of [...this.elements.keys()]) this.detach(id);
    this.stopWatching();
  }
}
