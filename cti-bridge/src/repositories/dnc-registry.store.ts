/**
 * Registry do-not-call numbers (millions) outside SQLite: one file per registry, the E.164 digits as sorted,
 * distinct little-endian float64 values (every E.164 number, at most 15 digits, is exact below 2^53). Loaded
 * whole into a Float64Array and binary-searched: about 24 comparisons for ten million numbers.
 */
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** `+12125550123` → 12125550123; null when not `+` and 1–15 digits. */
export function e164ToNumber(e164: string): number | null {
  if (!/^\+[1-9]\d{0,14}$/.test(e164)) return null;
  return Number(e164.slice(1));
}

export function contains(sorted: Float64Array, value: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const at = sorted[mid] as number;
    if (at < value) low = mid + 1;
    else if (at > value) high = mid - 1;
    else return true;
  }
  return false;
}

/** Sorts in place and returns the distinct prefix (a view, no copy). */
export function sortDistinct(values: Float64Array): Float64Array {
  values.sort();
  let out = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (out === 0 || values[out - 1] !== value) values[out++] = value;
  }
  return values.subarray(0, out);
}

export function createRegistryStore(dataDir: string) {
  return {
    fileOf: (name: string) => `dnc-registry-${name}.f64`,
    /** Writes atomically (temp file + rename): a crash mid-write leaves the previous file. */
    write(fileName: string, sorted: Float64Array): number {
      const path = join(dataDir, fileName);
      const temp = `${path}.tmp`;
      const fd = openSync(temp, 'w');
      try {
        const bytes = new Uint8Array(sorted.buffer, sorted.byteOffset, sorted.byteLength);
        const chunk = 8 * 1024 * 1024;
        for (let offset = 0; offset < bytes.length; offset += chunk)
          writeSync(fd, bytes, offset, Math.min(chunk, bytes.length - offset));
      } finally {
        closeSync(fd);
      }
      renameSync(temp, path);
      return statSync(path).size;
    },
    read(fileName: string): Float64Array | null {
      const path = join(dataDir, fileName);
      if (!existsSync(path)) return null;
      const buffer = readFileSync(path);
      const length = Math.floor(buffer.byteLength / 8);
      if (buffer.byteOffset % 8 === 0) return new Float64Array(buffer.buffer, buffer.byteOffset, length);
      const copy = new Float64Array(length);
      new Uint8Array(copy.buffer).set(buffer.subarray(0, length * 8));
      return copy;
    },
    remove(fileName: string): void {
      rmSync(join(dataDir, fileName), { force: true });
    },
  };
}

export type RegistryStore = ReturnType<typeof createRegistryStore>;
