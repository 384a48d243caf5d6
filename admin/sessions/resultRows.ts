import type { Schemas } from '../dataProvider';

/** One sample's results, from the member's results or from the public shared page. */
export interface ResultRow {
  key: string;
  position: number;
  label: string;
  /** Null while the sample is hidden from the reader. */
  whisky: string | null;
  rank: number | null;
  average: number | null;
  min: number | null;
  max: number | null;
  scoreCount: number;
  topFlavours: string[];
  /** Each participant's score, in the order they joined. */
  scores: { name: string; score: number | null }[];
  guesses: { name: string; guess: string | null; correct: boolean }[] | null;
}

/** The member's results, scores in their rating scale. */
export function rowsFromResults(results: Schemas['SessionResultsDto']): ResultRow[] {
  return results.items.map((item) => ({
    key: item.flightItemId,
    position: item.position,
    label: item.label,
    whisky: item.whisky?.name ?? null,
    rank: item.rank,
    ...item.inScale,
    scoreCount: item.scoreCount,
    topFlavours: item.topFlavours.map((flavour) => flavour.label),
    scores: item.scores.map((score) => ({ name: score.displayName, score: score.scoreInScale })),
    guesses:
      item.guesses?.map((guess) => ({
        name: guess.displayName,
        guess: guess.guessWhiskyName ?? guess.guessText,
        correct: guess.correct,
      })) ?? null,
  }));
}

/** The public results, scores on 0–100. */
export function rowsFromShared(results: Schemas['SharedSessionResultsDto']): ResultRow[] {
  return results.items.map((item) => ({
    key: String(item.position),
    position: item.position,
    label: item.label,
    whisky: item.whisky?.name ?? null,
    rank: item.rank,
    ...item.normalised,
    scoreCount: item.scoreCount,
    topFlavours: item.topFlavours.map((flavour) => flavour.label),
    scores: item.scores.map((score) => ({ name: score.displayName, score: score.score })),
    guesses:
      item.guesses?.map((guess) => ({
        name: guess.displayName,
        guess: guess.guess,
        correct: guess.correct,
      })) ?? null,
  }));
}

/** Best first; unscored samples last, in flight order. */
export function byRank(a: ResultRow, b: ResultRow): number {
  return (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.position - b.position;
}

/** How a sample is named in the results: its whisky once known, with its label. */
export const sampleName = (row: ResultRow) => (row.whisky ? `${row.whisky} (${row.label})` : row.label);
