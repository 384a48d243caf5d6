import type { RatingScale } from '../../users/user.entity.js';

/** The top of each scale, and the step a score in it moves by. */
export const SCALES: Readonly<Record<RatingScale, { max: number; step: number }>> = {
  points100: { max: 100, step: 0.1 },
  points10: { max: 10, step: 0.1 },
  stars5: { max: 5, step: 0.5 },
};

/** Rounds to one decimal; the `EPSILON` nudge keeps 0.05-style halves from rounding down in binary. */
function roundTo(value: number, step: number): number {
  const steps = Math.round(value / step + Number.EPSILON * 100);
  return Number((steps * step).toFixed(1));
}

/**
 * Why `value` is not a score in `scale`, or null when it is one: a finite number from 0 to the
 * scale's top, in the scale's steps (tenths for points, halves for stars).
 */
export function scoreProblem(value: number, scale: RatingScale): string | null {
  const { max, step } = SCALES[scale];
  const steps = step === 0.5 ? 'a multiple of 0.5' : 'at most one decimal';
  const problem = `a ${scale} score is from 0 to ${max}, ${steps}`;
  if (!Number.isFinite(value) || value < 0 || value > max) return problem;
  return Math.abs(value / step - Math.round(value / step)) < 1e-9 ? null : problem;
}

/** Whether `value` is a valid score in `scale` (see {@link scoreProblem}). */
export function isValidScore(value: number, scale: RatingScale): boolean {
  return scoreProblem(value, scale) === null;
}

/** A score written in `scale`, on the stored 0–100 scale (one decimal): 4.5 stars → 90, 9.0 points → 90. */
export function toNormalized(value: number, scale: RatingScale): number {
  return roundTo((value * 100) / SCALES[scale].max, 0.1);
}

/**
 * A stored 0–100 score in `scale`, rounded to the scale's step: 90 → 9 points10 → 4.5 stars; 87 →
 * 8.7 points10 → 4.5 stars (the nearest half).
 */
export function fromNormalized(score: number, scale: RatingScale): number {
  const { max, step } = SCALES[scale];
  return roundTo((score * max) / 100, step);
}

/**
 * A mean of stored 0–100 scores in `scale`, with one decimal whatever the scale (an average of stars
 * may fall between halves: 3.8 stars); null stays null (nothing scored).
 */
export function averageInScale(mean: number | null, scale: RatingScale): number | null {
  return mean === null ? null : roundTo((mean * SCALES[scale].max) / 100, 0.1);
}
