import type { Whisky } from '../../../inventory/whiskies/whisky.entity.js';
import type { RatingScale } from '../../../users/user.entity.js';
import { hidesIdentity, sampleLabel, type SessionViewer } from '../../session-viewer.js';
import { fromNormalized } from '../score-scale.js';
import type { TastingNote } from '../tasting-note.entity.js';

/** The whisky a note is about. */
export class TastingNoteWhiskyDto {
  id: string;
  /** @example "Lagavulin 16" */
  name: string;
  /** @example "Lagavulin" */
  distillery: string | null;
  /** Alcohol by volume in percent. @example 43 */
  abv: number;

  static from(whisky: Whisky): TastingNoteWhiskyDto {
    return Object.assign(new TastingNoteWhiskyDto(), {
      id: whisky.id,
      name: whisky.name,
      distillery: whisky.distillery ?? null,
      abv: whisky.abv,
    });
  }
}

/** The sample of a session a note is about. */
export class TastingNoteSampleDto {
  sessionId: string;
  flightItemId: string;
  /** 1-based place in the flight. @example 2 */
  position: number;
  /** What everyone calls it while it is blind. @example "Sample 2" */
  label: string;
}

/** A guess at a blind sample. */
export class TastingNoteGuessDto {
  /** The whisky guessed, if one of the collection was picked. */
  whisky: TastingNoteWhiskyDto | null;
  /** @example "An Islay, 10 years or so" */
  text: string | null;
}

/** Who wrote a note: a member, or a guest of a session. */
export class TastingNoteAuthorDto {
  /** The member; null for a guest. */
  userId: string | null;
  /** The participant row in the session; null for a note taken at home. */
  participantId: string | null;
  /** @example "Ada" */
  displayName: string;
}

/**
 * A tasting note as the caller may see it: the score in the caller's scale, and the whisky only where
 * it is not hidden from the caller (a blind sample before it is revealed shows its `sample` label).
 */
export class TastingNoteDto {
  id: string;
  /** Null while the note's sample is blind for the caller: read `sample.label` instead. */
  whisky: TastingNoteWhiskyDto | null;
  /** Whether the whisky is hidden from the caller (a blind sample not yet revealed). */
  hidden: boolean;
  /** The session sample; null for a note taken at home. */
  sample: TastingNoteSampleDto | null;
  author: TastingNoteAuthorDto;
  nose: string | null;
  palate: string | null;
  finish: string | null;
  overall: string | null;
  /** In `scale`, the caller's rating scale (converted from whatever scale the author used). @example 4.5 */
  score: number | null;
  /** The scale `score` is in. */
  scale: RatingScale;
  /** @example ["peaty", "vanilla"] */
  flavourTags: string[];
  freeTags: string[];
  /** @example 20 */
  servedMl: number | null;
  /** The guess at a blind sample; only its author sees it while the sample is hidden. */
  guess: TastingNoteGuessDto | null;
  createdAt: Date;
  updatedAt: Date;
  /** Send it back when changing the note; a stale version is refused with 409. */
  version: number;

  /**
   * `note` as `viewer` may see it, with its score in `scale`. Its whisky, session, flight item,
   * author, participant and guessed whisky must be loaded.
   */
  static from(note: TastingNote, viewer: SessionViewer, scale: RatingScale): TastingNoteDto {
    const item = note.flightItem ?? null;
    const session = note.session ?? null;
    const hidden = session !== null && item !== null && hidesIdentity(session, item, viewer);
    const ownNote =
      viewer.kind === 'member'
        ? note.author?.id === viewer.principal.userId
        : note.participant?.id === viewer.participantId;
    const guessed = note.guessWhisky != null || note.guessText != null;
    return Object.assign(new TastingNoteDto(), {
      id: note.id,
      whisky: hidden ? null : TastingNoteWhiskyDto.from(note.whisky),
      hidden,
      sample:
        session && item
          ? {
              sessionId: session.id,
              flightItemId: item.id,
              position: item.position,
              label: sampleLabel(item.position),
            }
          : null,
      author: {
        userId: note.author?.id ?? null,
        participantId: note.participant?.id ?? null,
        displayName: note.participant?.displayName ?? note.author?.displayName ?? '',
      },
      nose: note.nose ?? null,
      palate: note.palate ?? null,
      finish: note.finish ?? null,
      overall: note.overall ?? null,
      score: note.score == null ? null : fromNormalized(note.score, scale),
      scale,
      flavourTags: note.flavourTags,
      freeTags: note.freeTags,
      servedMl: note.servedMl ?? null,
      guess:
        guessed && (!hidden || ownNote)
          ? {
              whisky: note.guessWhisky ? TastingNoteWhiskyDto.from(note.guessWhisky) : null,
              text: note.guessText ?? null,
            }
          : null,
      createdAt: note.createdAt,
      updatedAt: note.updatedAt,
      version: note.version,
    });
  }
}

/** Notes of one whisky, with their average score. */
export class WhiskyNotesDto {
  data: TastingNoteDto[];
  /** Notes matching the query, across all pages. */
  total: number;
  /**
   * Mean of every scored note of the whisky (sessions and at home, all pages), in `scale` with one
   * decimal; notes of samples still hidden from the caller do not count. Null without scores.
   * @example 4.3
   */
  averageScore: number | null;
  /** Number of notes the average is taken over. @example 6 */
  scoredNotes: number;
  /** The caller's rating scale. */
  scale: RatingScale;
}
