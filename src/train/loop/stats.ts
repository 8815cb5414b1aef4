/** Small sample statistics for evaluations and seed sweeps: mean, spread, a confidence interval, quartiles. */

export interface SampleSummary {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator); 0 for a single value. */
  std: number;
  /** 95% confidence interval of the mean (Student's t); null for fewer than two values. */
  ci95: [number, number] | null;
}

export function describeSample(values: readonly number[]): SampleSummary {
  const n = values.length;
  if (n === 0) throw new RangeError('a summary needs at least one value');
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (n - 1)) : 0;
  const half = n > 1 ? (tQuantile975(n - 1) * std) / Math.sqrt(n) : null;
  return { n, mean, std, ci95: half === null ? null : [mean - half, mean + half] };
}

// Exact for the few degrees of freedom where the expansion below is poor.
const T975_SMALL = [12.7062, 4.3027, 3.1824, 2.7764];

/**
 * The 0.975 quantile of Student's t with `df` degrees of freedom: exact for df ≤ 4, else the
 * Cornish–Fisher expansion around the normal quantile (within 1e-3 of the table value from df 5 on).
 */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) throw new RangeError(`degrees of freedom must be at least 1, got ${df}`);
  if (df <= T975_SMALL.length && Number.isInteger(df)) return T975_SMALL[df - 1];
  const z = 1.959963985;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/** The p-quantile of the values, interpolating linearly between order statistics (NumPy's default). */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('a quantile needs at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
}
