/**
 * Registry do-not-call numbers (millions) outside SQLite: one file per registry, the E.164 digits as sorted,
 * distinct little-endian float64 values (every E.164 number, at most 15 digits, is exact below 2^53). Loaded
 * whole into a Float64Array and searched through a sampled index (`containsIndexed`; 1.2 MB for ten million).
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

/** One number in every SAMPLE_STRIDE of a sorted list goes into its index; a block is 512 bytes, a few cache lines. */
const SAMPLE_STRIDE = 64;

/** A sorted list with its sampled index: ten million numbers keep a 1.2 MB index that stays in the CPU's cache. */
export interface IndexedNumbers {
  readonly numbers: Float64Array;
  readonly sample: Float64Array;
}

export function indexNumbers(numbers: Float64Array): IndexedNumbers {
  const sample = new Float64Array(Math.ceil(numbers.length / SAMPLE_STRIDE));
  for (let i = 0; i < sample.length; i++) sample[i] = numbers[i * SAMPLE_STRIDE] as number;
  return { numbers, sample };
}

/**
 * `contains` in two steps: the index finds the one block the value can be in, then that block is searched. A plain
 * binary search over 73 MB misses the cache on most of its last dozen steps; this one on one or two.
 */
export function containsIndexed({ numbers, sample }: IndexedNumbers, value: number): boolean {
  let low = 0;
  let high = sample.length - 1;
  let block = -1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if ((sample[mid] as number) <= value) {
      block = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  if (block < 0) return false;
  low = block * SAMPLE_STRIDE;
  high = Math.min(low + SAMPLE_STRIDE, numbers.length) - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const at = numbers[mid] as number;
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
