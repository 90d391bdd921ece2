import { z } from 'zod';
import { readString, writeString } from '../storage';
import { createStore } from '../store';

/** A selectable device; `id` '' means "the system default". */
export interface DeviceOption {
  id: string;
  label: string;
}

const choiceSchema = z.object({ micId: z.string(), speakerId: z.string(), ringId: z.string() });
export type DeviceChoice = z.infer<typeof choiceSchema>;

export interface DevicesState {
  choice: DeviceChoice;
  mics: DeviceOption[];
  speakers: DeviceOption[];
  /** False where the browser cannot route audio to a chosen output (no `setSinkId`). */
  canPickOutput: boolean;
}

// Device ids are not secrets and are per-origin: remembering them across sessions is what the agent expects.
const storageKey = 'ringside:devices';

function loadChoice(): DeviceChoice {
  const raw = readString('local', storageKey);
  if (raw) {
    try {
      const parsed = choiceSchema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
    } catch {
      // a corrupt entry falls back to the defaults
    }
  }
  return { micId: '', speakerId: '', ringId: '' };
}

export const devicesStore = createStore<DevicesState>({
  choice: loadChoice(),
  mics: [],
  speakers: [],
  canPickOutput: typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype,
});

export function chooseDevice(patch: Partial<DeviceChoice>): void {
  devicesStore.update((s) => ({ ...s, choice: { ...s.choice, ...patch } }));
  writeString('local', storageKey, JSON.stringify(devicesStore.get().choice));
}

/** Labels are empty until the page has had microphone permission once; number them instead. */
function optionsOf(devices: MediaDeviceInfo[], kind: MediaDeviceKind, fallback: string): DeviceOption[] {
  return devices
    .filter((d) => d.kind === kind && d.deviceId !== 'default' && d.deviceId !== '')
    .map((d, index) => ({ id: d.deviceId, label: d.label || `${fallback} ${index + 1}` }));
}

export async function refreshDevices(): Promise<void> {
  if (!navigator.mediaDevices?.enumerateDevices) return;
  try {
    const devices = await navigator.mediaDevices.enumerateDevices();
    devicesStore.update((s) => ({
      ...s,
      mics: optionsOf(devices, 'audioinput', 'Microphone'),
      speakers: optionsOf(devices, 'audiooutput', 'Speaker'),
    }));
  } catch (err) {
    console.warn('[softphone] enumerateDevices failed', err);
  }
}

/** getUserMedia audio constraints for the chosen microphone, with voice processing on. */
export function micConstraints(): MediaTrackConstraints {
  const { micId } = devicesStore.get().choice;
  const base: MediaTrackConstraints = {
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
  };
  return micId ? { ...base, deviceId: { exact: micId } } : base;
}

interface SinkCapable {
  setSinkId?: (id: string) => Promise<void>;
}

/** Routes an element to an output device; a missing device or API leaves it on the default output. */
export async function applySink(element: HTMLMediaElement, deviceId: string): Promise<void> {
  const sinkable = element as HTMLMediaElement & SinkCapable;
  if (typeof sinkable.setSinkId !== 'function') return;
  try {
    await sinkable.setSinkId(deviceId);
  } catch (err) {
    console.warn('[softphone] setSinkId failed; using the default output', err);
  }
}
