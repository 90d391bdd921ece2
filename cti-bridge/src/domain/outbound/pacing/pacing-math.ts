/** The few distributions pacing needs: normal tails (precise far out), log-normal durations, Poisson-binomial. */

/** Complementary error function (Numerical Recipes' Chebyshev fit: relative error below 1.2e-7 everywhere). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}

/** P(Z > z) for a standard normal Z. */
export function normalSurvival(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

export function normalDensity(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** E[max(Y, 0)] for Y normal with this mean and standard deviation. */
export function normalPositivePart(mean: number, sd: number): number {
  if (sd <= 1e-12) return Math.max(mean, 0);
  const z = mean / sd;
  return mean * (1 - normalSurvival(z)) + sd * normalDensity(z);
}

/** A log-normal duration: ln(X) ~ N(mu, sigma²). */
export interface LogNormal {
  mu: number;
  sigma: number;
}

/** P(X > x). */
export function logNormalSurvival(d: LogNormal, x: number): number {
  if (x <= 0) return 1;
  return normalSurvival((Math.log(x) - d.mu) / Math.max(d.sigma, 1e-6));
}

/** P(X ≤ elapsed + more | X > elapsed): how likely something that has lasted `elapsed` ends within `more`. */
export function logNormalEndsWithin(d: LogNormal, elapsed: number, more: number): number {
  if (more <= 0) return 0;
  const survived = logNormalSurvival(d, elapsed);
  if (survived <= 1e-300) return 1;
  return Math.min(1, Math.max(0, 1 - logNormalSurvival(d, elapsed + more) / survived));
}

export function logNormalMean(d: LogNormal): number {
  return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
}

export function logNormalMedian(d: LogNormal): number {
  return Math.exp(d.mu);
}

/** The distribution of a sum of independent Bernoulli trials, as probabilities of 0…n successes. */
export function poissonBinomial(probabilities: readonly number[]): Float64Array {
  const pmf = new Float64Array(probabilities.length + 1);
  pmf[0] = 1;
  let size = 0;
  for (const p of probabilities) {
    size += 1;
    for (let k = size; k >= 1; k -= 1) pmf[k] = (pmf[k] ?? 0) * (1 - p) + (pmf[k - 1] ?? 0) * p;
    pmf[0] = (pmf[0] ?? 0) * (1 - p);
  }
  return pmf;
}

/** Adds one more Bernoulli(p) trial to a distribution of successes (returns a new, one longer array). */
export function addTrial(pmf: Float64Array, p: number): Float64Array {
  const next = new Float64Array(pmf.length + 1);
  for (let k = 0; k < pmf.length; k += 1) {
    const mass = pmf[k] ?? 0;
    next[k] = (next[k] ?? 0) + mass * (1 - p);
    next[k + 1] = (next[k + 1] ?? 0) + mass * p;
  }
  return next;
}
