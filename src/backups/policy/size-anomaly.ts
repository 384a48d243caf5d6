/** How many of the latest good runs the median is taken over, and how far a size may stray from it. */
export interface SizeAnomalyOptions {
  /** Number of latest good runs the median is taken from (default 7). */
  window?: number;
  /** Allowed relative difference from the median, inclusive (default 0.5 = 50 %). */
  tolerance?: number;
}

/** Fewer earlier good runs than this say too little about the usual size to flag anything. */
const MINIMUM_HISTORY = 3;

/**
 * The median: the middle value of the sorted values, or the mean of the two middle ones for an even count.
 *
 * @throws RangeError for an empty list.
 */
export function median(values: number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * True when a backup's size differs by more than `tolerance` (default 0.5 = 50 %) from the median of the
 * last `window` (default 7) good runs' sizes, given newest first; exactly 50 % is not an anomaly. False when
 * there are fewer than 3 earlier good runs. An unexpected size is the cheapest sign of a broken backup (an
 * empty dump, a missing photo set) or of something odd in the data (a mass deletion, a runaway import).
 *
 * @throws RangeError for a negative or non-finite size, a window that is not a whole number of at least 1,
 *   or a negative or non-finite tolerance.
 */
export function isSizeAnomaly(
  size: number,
  previousGoodSizes: number[],
  options: SizeAnomalyOptions = {},
): boolean {
  const { window = 7, tolerance = 0.5 } = options;
  if (!isSize(size)) throw new RangeError('size must be a finite number of bytes, 0 or more');
  if (!previousGoodSizes.every(isSize)) {
    throw new RangeError('previous sizes must be finite numbers of bytes, 0 or more');
  }
  if (!Number.isInteger(window) || window < 1)
    throw new RangeError('window must be a whole number of at least 1');
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new RangeError('tolerance must be 0 or more');

  if (previousGoodSizes.length < MINIMUM_HISTORY) return false;
  const usual = median(previousGoodSizes.slice(0, window));
  return Math.abs(size - usual) > tolerance * usual;
}

function isSize(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}
