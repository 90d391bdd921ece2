/**
 * Seeded randomness for the demo data. Faker is only used up front to build pools; every per-row choice
 * goes through this thin wrapper over the same seeded randomizer, because full faker calls per row are
 * several times slower and a million customers have to build in minutes.
 */
import {
  Faker,
  base,
  en,
  en_US,
  generateMersenne53Randomizer,
  zh_CN,
  type Randomizer,
} from '@faker-js/faker';

export type DemoLocale = 'zh-CN' | 'en';

export class Rng {
  constructor(private readonly randomizer: Randomizer) {}

  /** Uniform in [0, 1). */
  next(): number {
    return this.randomizer.next();
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.randomizer.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.randomizer.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.randomizer.next() * items.length)];
    if (item === undefined) throw new Error('pick() from an empty list');
    return item;
  }

  /** Picks by relative weight; `weighted([['a', 3], ['b', 1]])` returns 'a' three times in four. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    let roll = this.randomizer.next() * total;
    for (const [value, weight] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = choices[choices.length - 1];
    if (!last) throw new Error('weighted() from an empty list');
    return last[0];
  }

  /** Exponentially distributed with the given mean, for waits and talk times (many short, few long). */
  exponential(mean: number): number {
    return -Math.log(1 - this.randomizer.next()) * mean;
  }

  /** Digits as a zero-padded string, e.g. `digits(4)` → "0427". */
  digits(count: number): string {
    return String(Math.floor(this.randomizer.next() * 10 ** count)).padStart(count, '0');
  }
}

/** A faker for the locale and an Rng that share one seeded stream, so pools and rows replay identically. */
export function seededSources(locale: DemoLocale, seed: number): { faker: Faker; rng: Rng } {
  const randomizer = generateMersenne53Randomizer(seed);
  const faker = new Faker({ locale: locale === 'zh-CN' ? [zh_CN, en, base] : [en_US, en, base], randomizer });
  faker.seed(seed);
  return { faker, rng: new Rng(randomizer) };
}
