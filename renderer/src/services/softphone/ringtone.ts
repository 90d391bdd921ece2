import { applySink, devicesStore } from './media-devices';

/**
 * A ring cadence as a 16-bit mono WAV: 440 + 480 Hz (the North American ring) for `onMs`, then silence for
 * `offMs`. Generated, not shipped as an asset, and played through an <audio> element so `setSinkId` can send it
 * to the ring device (a headset agent still hears the ring on the desk speaker).
 */
export function ringtoneWav(sampleRate = 8000, onMs = 1500, offMs = 2500): Uint8Array {
  const total = Math.round((sampleRate * (onMs + offMs)) / 1000);
  const toneEnd = Math.round((sampleRate * onMs) / 1000);
  const bytes = new Uint8Array(44 + total * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + total * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, total * 2, true);
  for (let i = 0; i < toneEnd; i++) {
    const t = i / sampleRate;
    // short fades avoid clicks at the edges of each burst
    const fade = Math.min(1, i / 80, (toneEnd - i) / 80);
    const sample = 0.25 * fade * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t));
    view.setInt16(44 + i * 2, Math.round(sample * 32767), true);
  }
  return bytes;
}

let element: HTMLAudioElement | null = null;

function ringElement(): HTMLAudioElement {
  if (!element) {
    const wav = ringtoneWav();
    element = new Audio(URL.createObjectURL(new Blob([wav.buffer as ArrayBuffer], { type: 'audio/wav' })));
    element.loop = true;
  }
  return element;
}

export function startRingtone(): void {
  const audio = ringElement();
  if (!audio.paused) return;
  void applySink(audio, devicesStore.get().choice.ringId).then(() =>
    audio.play().catch((err: unknown) => console.warn('[softphone] ringtone blocked', err)),
  );
}

export function stopRingtone(): void {
  if (!element) return;
  element.pause();
  element.currentTime = 0;
}

/** Plays the ring for a moment on the chosen ring device (device settings "test"). */
export function testRingtone(ms = 2000): void {
  startRingtone();
  window.setTimeout(stopRingtone, ms);
}
