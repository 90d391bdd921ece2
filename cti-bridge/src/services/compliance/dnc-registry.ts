import type { DncRepository, RegistryRecord } from '../../repositories/dnc.repository';
import {
  containsIndexed,
  e164ToNumber,
  indexNumbers,
  type IndexedNumbers,
  type RegistryStore,
} from '../../repositories/dnc-registry.store';

/**
 * The registry files, in memory: loaded at start, replaced whole by an import. A check is a search of a small
 * sampled index, then of one 64-number block, per registry (a few hundred nanoseconds for ten million numbers).
 */
export function createDncRegistry(deps: { store: RegistryStore; dnc: DncRepository }) {
  const loaded = new Map<string, IndexedNumbers>();
  for (const record of deps.dnc.registries()) {
    const numbers = deps.store.read(record.fileName);
    if (numbers) loaded.set(record.name, indexNumbers(numbers));
  }
  return {
    /** The name of a registry listing this number, or null. */
    hit(e164: string): string | null {
      if (loaded.size === 0) return null;
      const value = e164ToNumber(e164);
      if (value === null) return null;
      for (const [name, numbers] of loaded) if (containsIndexed(numbers, value)) return name;
      return null;
    },
    /** Whether the numeric E.164 digits are on any registry (the scrub's inner loop). */
    hasNumber(value: number): boolean {
      for (const numbers of loaded.values()) if (containsIndexed(numbers, value)) return true;
      return false;
    },
    /** Stores a freshly imported registry and swaps it in. */
    replace(record: Omit<RegistryRecord, 'bytes' | 'fileName'>, sorted: Float64Array): RegistryRecord {
      const fileName = deps.store.fileOf(record.name);
      const bytes = deps.store.write(fileName, sorted);
      const full = { ...record, fileName, bytes };
      deps.dnc.saveRegistry(full);
      loaded.set(record.name, indexNumbers(sorted));
      return full;
    },
    numbersOf(name: string): Float64Array | null {
      return loaded.get(name)?.numbers ?? null;
    },
    names(): string[] {
      return [...loaded.keys()];
    },
    get size(): number {
      let n = 0;
      for (const { numbers } of loaded.values()) n += numbers.length;
      return n;
    },
  };
}

export type DncRegistry = ReturnType<typeof createDncRegistry>;
