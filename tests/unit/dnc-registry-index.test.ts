/**
 * The registry's two-step search (sampled index, then one block) answers exactly as a plain binary search over the
 * whole sorted list: for numbers on it, numbers between and around them, and at the blocks' edges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contains,
  containsIndexed,
  indexNumbers,
  sortDistinct,
} from '../../cti-bridge/src/repositories/dnc-registry.store';

const e164Digits = fc.integer({ min: 1, max: 999_999_999_999_999 });

describe('the registry index', () => {
  it('agrees with a plain binary search on random lists and probes', () => {
    fc.assert(
      fc.property(
        fc.array(e164Digits, { maxLength: 2_000 }),
        fc.array(e164Digits, { maxLength: 200 }),
        (listed, probes) => {
          const numbers = sortDistinct(Float64Array.from(listed));
          const index = indexNumbers(numbers);
          // every listed number, its neighbours, and numbers never listed
          const candidates = [...numbers, ...[...numbers].map((n) => n + 1), ...probes, 0, 1e15];
          for (const value of candidates)
            expect(containsIndexed(index, value), String(value)).toBe(contains(numbers, value));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds the first and last number of every block, and nothing in an empty list', () => {
    const numbers = Float64Array.from({ length: 64 * 5 + 3 }, (_, i) => 12_025_550_000 + 2 * i);
    const index = indexNumbers(numbers);
    for (let i = 0; i < numbers.length; i++) expect(containsIndexed(index, numbers[i] as number)).toBe(true);
    expect(containsIndexed(index, 12_025_550_001)).toBe(false);
    expect(containsIndexed(index, 12_025_549_998)).toBe(false);
    expect(containsIndexed(indexNumbers(new Float64Array(0)), 12_025_550_000)).toBe(false);
  });
});
