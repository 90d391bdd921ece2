/** A seeded random source (mulberry32) with the draws the outbound simulation needs: same seed, same shift. */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  normal(): number;
  /** A log-normal draw with this mean and standard deviation (not of the log). */
  logNormal(mean: number, sd: number): number;
  uniform(low: number, high: number): number;
}

export function seededRandom(seed: number): Random {
  let state = (seed ^ 0x9e3779b9) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    const u = Math.max(next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return {
    next,
    normal,
    logNormal(mean, sd) {
      const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
      return Math.exp(Math.log(mean) - sigma2 / 2 + Math.sqrt(sigma2) * normal());
    },
    uniform: (low, high) => low + (high - low) * next(),
  };
}
