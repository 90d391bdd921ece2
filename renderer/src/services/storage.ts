import type { z } from 'zod';

/**
 * Web Storage that never throws: private windows, quota errors and disabled storage degrade to "nothing stored"
 * instead of breaking the console.
 */
export type StorageArea = 'local' | 'session';

function areaOf(area: StorageArea): Storage | null {
  try {
    return area === 'local' ? window.localStorage : window.sessionStorage;
  } catch {
    return null;
  }
}

export function readString(area: StorageArea, key: string): string | null {
  try {
    return areaOf(area)?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writeString(area: StorageArea, key: string, value: string): void {
  try {
    areaOf(area)?.setItem(key, value);
  } catch (err) {
    console.warn('[storage] write failed', key, err);
  }
}

export function removeKey(area: StorageArea, key: string): void {
  try {
    areaOf(area)?.removeItem(key);
  } catch {
    // Nothing to do: the entry is unreachable either way.
  }
}

/** Reads and validates a JSON entry; a corrupt entry reads as absent. */
export function readJson<T>(area: StorageArea, key: string, schema: z.ZodType<T>): T | null {
  const raw = readString(area, key);
  if (raw === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeJson(area: StorageArea, key: string, value: unknown): void {
  writeString(area, key, JSON.stringify(value));
}

export function keysWithPrefix(area: StorageArea, prefix: string): string[] {
  const storage = areaOf(area);
  if (!storage) return [];
  const keys: string[] = [];
  try {
    for (let i = 0; i < storage.length; i += 1) {
      const key = storage.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
  } catch {
    return [];
  }
  return keys;
}
