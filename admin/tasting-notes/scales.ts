import { useQuery } from '@tanstack/react-query';
import { useAuthProvider } from 'react-admin';
import type { ConsoleAuthProvider } from '../authProvider';
import type { Schemas } from '../dataProvider';

/** A rating scale: members write and read scores in their own, guests pick one. */
export type RatingScale = Schemas['UserDto']['ratingScale'];

/** The top of each scale, the step a score moves by (as the API checks it) and its name. */
export const SCALES: Readonly<Record<RatingScale, { max: number; step: number; name: string }>> = {
  points100: { max: 100, step: 0.1, name: '100 points' },
  points10: { max: 10, step: 0.1, name: '10 points' },
  stars5: { max: 5, step: 0.5, name: '5 stars' },
};

/** A score as people read it: "87 / 100", "8.7 / 10", "4.5 ★", or a dash without one. */
export function formatScore(score: number | null | undefined, scale: RatingScale): string {
  if (score === null || score === undefined) return '–';
  return scale === 'stars5' ? `${score} ★` : `${score} / ${SCALES[scale].max}`;
}

/** Why `value` is no score in `scale` (the API's rule: 0 to the top, in the scale's steps), if it is not. */
export function scoreError(value: number | null | undefined, scale: RatingScale): string | undefined {
  if (value === null || value === undefined) return undefined;
  const { max, step } = SCALES[scale];
  const inSteps = Math.abs(value / step - Math.round(value / step)) < 1e-9;
  if (Number.isFinite(value) && value >= 0 && value <= max && inSteps) return undefined;
  return step === 0.5 ? `From 0 to ${max}, in halves` : `From 0 to ${max}, at most one decimal`;
}

/**
 * The signed-in member's rating scale, in which they write scores and the API answers them. Reloaded
 * from the API (the profile may have changed it since sign-in: a score in a stale scale would be
 * misread), the stored account answering meanwhile.
 */
export function useMyRatingScale(): RatingScale {
  const authProvider = useAuthProvider<ConsoleAuthProvider>();
  const { data: me } = useQuery({
    queryKey: ['users', 'me'],
    queryFn: () => authProvider?.refreshUser() ?? null,
  });
  return me?.ratingScale ?? authProvider?.currentUser()?.ratingScale ?? 'points100';
}
