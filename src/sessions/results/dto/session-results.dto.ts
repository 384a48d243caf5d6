import type { RatingScale } from '../../../users/user.entity.js';
import type { SessionStatus } from '../../tasting-session.entity.js';

/** Lowest, mean and highest score a sample got; all null while nobody scored it. */
export class ScoreSummaryDto {
  /** Mean of the scores given, one decimal in every scale (4.3 stars). @example 86.3 */
  average: number | null;
  /** @example 80 */
  min: number | null;
  /** @example 92 */
  max: number | null;
}

/** What a sample is, once the viewer may know it. */
export class ResultWhiskyDto {
  id: string;
  /** @example "Lagavulin 16" */
  name: string;
  /** @example "Lagavulin" */
  distillery: string | null;
  /** Alcohol by volume in percent. @example 43 */
  abv: number;
}

/** One participant's score for a sample. */
export class ParticipantScoreDto {
  participantId: string;
  /** @example "Ada" */
  displayName: string;
  /** Normalised 0–100; null when they gave no score. @example 90 */
  score: number | null;
  /** The same score in the viewer's scale (see `scale` of the results), rounded to its step. @example 4.5 */
  scoreInScale: number | null;
}

/** A flavour of the vocabulary and how many participants noted it for a sample. */
export class FlavourCountDto {
  /** @example "peaty" */
  slug: string;
  /** @example "Peaty" */
  label: string;
  /** @example 3 */
  count: number;
}

/** In a blind session: what a participant guessed a sample was, against what it is. */
export class GuessDto {
  participantId: string;
  /** @example "Ada" */
  displayName: string;
  /** The whisky of the collection they picked, if they picked one. */
  guessWhiskyId: string | null;
  /** @example "Lagavulin 16" */
  guessWhiskyName: string | null;
  /** Their guess in their own words. @example "Something from Islay, 16 years?" */
  guessText: string | null;
  /** The picked whisky is the sample's, or (without a pick) the words name it. */
  correct: boolean;
}

/** The results of one sample of the flight. */
export class FlightItemResultDto {
  flightItemId: string;
  /** 1-based place in the flight. @example 1 */
  position: number;
  /** @example "Sample 1" */
  label: string;
  /** Null while the sample's identity is hidden from the viewer (blind session, not yet revealed). */
  whisky: ResultWhiskyDto | null;
  /** Place by average score (1 = highest; equal averages share a place); null without scores. @example 1 */
  rank: number | null;
  /** How many participants scored it. @example 3 */
  scoreCount: number;
  /** Scores normalised to 0–100. */
  normalised: ScoreSummaryDto;
  /** Scores in the viewer's preferred scale: min and max rounded to its step (halves for stars). */
  inScale: ScoreSummaryDto;
  /** Every participant of the session, in the order they joined. */
  scores: ParticipantScoreDto[];
  /** The three flavours noted most often, most first. */
  topFlavours: FlavourCountDto[];
  /**
   * Blind sessions only, once the sample is revealed or the session finished: the guesses of those who
   * noted the sample. Null otherwise.
   */
  guesses: GuessDto[] | null;
}

/** A tasting session's results, sample by sample. */
export class SessionResultsDto {
  sessionId: string;
  /** @example "Islay night" */
  title: string;
  status: SessionStatus;
  blind: boolean;
  startsAt: Date;
  finishedAt: Date | null;
  /** The viewer's preferred scale, used by every `inScale` and `scoreInScale`. */
  scale: RatingScale;
  /** By position in the flight. */
  items: FlightItemResultDto[];
}

/** A publicly shared whisky: what it is, nothing about the household's bottle. */
export class SharedWhiskyDto {
  /** @example "Lagavulin 16" */
  name: string;
  /** @example "Lagavulin" */
  distillery: string | null;
  /** @example 43 */
  abv: number;
}

/** A participant's score, on a public page. */
export class SharedScoreDto {
  /** @example "Ada" */
  displayName: string;
  /** Normalised 0–100. @example 90 */
  score: number | null;
}

/** A participant's guess, on a public page. */
export class SharedGuessDto {
  /** @example "Ada" */
  displayName: string;
  /** The picked whisky's name, or the guess in their own words. @example "Lagavulin 16" */
  guess: string | null;
  correct: boolean;
}

/** One sample's results on a public page. */
export class SharedFlightItemResultDto {
  /** @example 1 */
  position: number;
  /** @example "Sample 1" */
  label: string;
  whisky: SharedWhiskyDto | null;
  /** @example 1 */
  rank: number | null;
  /** @example 3 */
  scoreCount: number;
  /** Scores normalised to 0–100. */
  normalised: ScoreSummaryDto;
  scores: SharedScoreDto[];
  topFlavours: FlavourCountDto[];
  /** Blind sessions only. */
  guesses: SharedGuessDto[] | null;
}

/**
 * A finished session's results behind a share link: display names and whiskies only — no ids of
 * any kind, no emails, no prices.
 */
export class SharedSessionResultsDto {
  /** @example "Islay night" */
  title: string;
  blind: boolean;
  startsAt: Date;
  finishedAt: Date | null;
  items: SharedFlightItemResultDto[];

  static from(results: SessionResultsDto): SharedSessionResultsDto {
    return Object.assign(new SharedSessionResultsDto(), {
      title: results.title,
      blind: results.blind,
      startsAt: results.startsAt,
      finishedAt: results.finishedAt,
      items: results.items.map((item) =>
        Object.assign(new SharedFlightItemResultDto(), {
          position: item.position,
          label: item.label,
          whisky: item.whisky
            ? Object.assign(new SharedWhiskyDto(), {
                name: item.whisky.name,
                distillery: item.whisky.distillery,
                abv: item.whisky.abv,
              })
            : null,
          rank: item.rank,
          scoreCount: item.scoreCount,
          normalised: item.normalised,
          scores: item.scores.map(({ displayName, score }) =>
            Object.assign(new SharedScoreDto(), { displayName, score }),
          ),
          topFlavours: item.topFlavours,
          guesses:
            item.guesses?.map((guess) =>
              Object.assign(new SharedGuessDto(), {
                displayName: guess.displayName,
                guess: guess.guessWhiskyName ?? guess.guessText,
                correct: guess.correct,
              }),
            ) ?? null,
        }),
      ),
    });
  }
}

/** A share link just created: the only time its token is shown. */
export class SessionShareDto {
  /** The secret of the link; also part of `url`. */
  token: string;
  /** Public page of the results, to hand to anyone. @example "https://whisky.example/admin/shared/Xk3a…" */
  url: string;
}
