import type { RatingScale } from '../../users/user.entity.js';
import { averageInScale, fromNormalized, isValidScore, scoreProblem, toNormalized } from './score-scale.js';

describe('score scales', () => {
  it.each<[RatingScale, number, number]>([
    ['points100', 0, 0],
    ['points100', 87.5, 87.5],
    ['points100', 100, 100],
    ['points100', 0.1, 0.1],
    ['points10', 0, 0],
    ['points10', 9, 90],
    ['points10', 8.7, 87],
    ['points10', 0.1, 1],
    ['points10', 10, 100],
    ['stars5', 0, 0],
    ['stars5', 0.5, 10],
    ['stars5', 3, 60],
    ['stars5', 4.5, 90],
    ['stars5', 5, 100],
  ])('%s %d is %d normalised, and back', (scale, value, normalised) => {
    expect(toNormalized(value, scale)).toBe(normalised);
    expect(fromNormalized(normalised, scale)).toBe(value);
  });

  it('converts 4.5 stars to 90 points and 9.0 on the 10-point scale', () => {
    const stored = toNormalized(4.5, 'stars5');
    expect(stored).toBe(90);
    expect(fromNormalized(stored, 'points10')).toBe(9);
    expect(fromNormalized(stored, 'points100')).toBe(90);
    expect(fromNormalized(toNormalized(9, 'points10'), 'stars5')).toBe(4.5);
  });

  it.each<[number, RatingScale, number]>([
    [87, 'stars5', 4.5],
    [84.9, 'stars5', 4],
    [85, 'stars5', 4.5],
    [95, 'stars5', 5],
    [4, 'stars5', 0],
    [5, 'stars5', 0.5],
    [87.5, 'points10', 8.8],
    [87.4, 'points10', 8.7],
    [33.3, 'points100', 33.3],
    [100, 'points10', 10],
  ])('reads stored %d in %s as %d, rounded to the step of the scale', (stored, scale, shown) => {
    expect(fromNormalized(stored, scale)).toBe(shown);
  });

  it.each<[RatingScale, number, boolean]>([
    ['points100', 0, true],
    ['points100', 100, true],
    ['points100', 72.5, true],
    ['points100', 72.55, false],
    ['points100', 100.1, false],
    ['points100', -1, false],
    ['points10', 7.5, true],
    ['points10', 10, true],
    ['points10', 10.5, false],
    ['points10', 7.25, false],
    ['stars5', 4.5, true],
    ['stars5', 0, true],
    ['stars5', 5, true],
    ['stars5', 4.3, false],
    ['stars5', 5.5, false],
    ['stars5', -0.5, false],
    ['stars5', Number.NaN, false],
    ['points10', Number.POSITIVE_INFINITY, false],
  ])('%s accepts %d: %s', (scale, value, valid) => {
    expect(isValidScore(value, scale)).toBe(valid);
    expect(scoreProblem(value, scale) === null).toBe(valid);
  });

  it('says what the scale allows', () => {
    expect(scoreProblem(4.3, 'stars5')).toBe('a stars5 score is from 0 to 5, a multiple of 0.5');
    expect(scoreProblem(11, 'points10')).toBe('a points10 score is from 0 to 10, at most one decimal');
  });

  it('keeps averages to one decimal in every scale', () => {
    expect(averageInScale(null, 'stars5')).toBeNull();
    expect(averageInScale(75, 'stars5')).toBe(3.8);
    expect(averageInScale(86.66666, 'points10')).toBe(8.7);
    expect(averageInScale(86.66666, 'points100')).toBe(86.7);
  });
});
