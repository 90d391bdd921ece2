import { micConstraints } from './media-devices';

/** Root-mean-square of a block of samples in [-1, 1], scaled so normal speech reads about 0.3–0.8. */
export function rmsLevel(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.min(1, Math.sqrt(sum / samples.length) * 4);
}

/**
 * Opens the chosen microphone and reports its level about 15 times a second through an AnalyserNode. Resolves
 * to a stop function, or to an error message when the microphone cannot be opened.
 */
export async function startMicTest(
  onLevel: (level: number) => void,
): Promise<{ ok: true; stop: () => void } | { ok: false; error: string }> {
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: micConstraints(), video: false });
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.name : String(err) };
  }
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  context.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = window.setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    onLevel(rmsLevel(samples));
  }, 66);
  return {
    ok: true,
    stop: () => {
      window.clearInterval(timer);
      stream.getTracks().forEach((track) => track.stop());
      void context.close();
      onLevel(0);
    },
  };
}
