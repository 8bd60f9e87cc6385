/**
 * The statistic every benchmark reports: timings on this machine vary by 30-100% between runs,
 * so each figure is a median of interleaved runs.
 *
 * @module
 */

/** The upper median of `values` (0 when there are none). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}
