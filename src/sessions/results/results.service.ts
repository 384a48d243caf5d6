import { LockMode, raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import type { Principal, RequestOrigin } from '../../users/auth/principal.js';
import { randomToken, sha256 } from '../../users/auth/secrets.js';
import { enterHousehold } from '../../users/households/household-scope.js';
import { User, type RatingScale } from '../../users/user.entity.js';
import { FlavourTag } from '../flavours/flavour-tag.entity.js';
import { FlightItem } from '../flight-item.entity.js';
import { averageInScale, fromNormalized } from '../notes/score-scale.js';
import { TastingNote } from '../notes/tasting-note.entity.js';
import { Participant } from '../participant.entity.js';
import { hidesIdentity, sampleLabel, type SessionViewer } from '../session-viewer.js';
import { TastingSession } from '../tasting-session.entity.js';
import {
  FlavourCountDto,
  FlightItemResultDto,
  GuessDto,
  ParticipantScoreDto,
  ResultWhiskyDto,
  ScoreSummaryDto,
  SessionResultsDto,
  SessionShareDto,
  SharedSessionResultsDto,
} from './dto/session-results.dto.js';

const TOP_FLAVOURS = 3;

/** One row of the score aggregate per flight item (PostgreSQL `numeric` and `bigint` arrive as strings). */
interface ScoreRow {
  item: string;
  average: string;
  min: string;
  max: string;
  scores: string;
}

/** Rounds to one decimal, as scores are stored. */
function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Average, lowest and highest score of a sample, converted by `scale` (or left 0–100 without one). */
function summary(row: ScoreRow | undefined, scale?: RatingScale): ScoreSummaryDto {
  const score = (raw: string | undefined) => (raw === undefined ? null : round1(Number(raw)));
  const extreme = (raw: string | undefined) => {
    const value = score(raw);
    return value === null || !scale ? value : fromNormalized(value, scale);
  };
  const average = score(row?.average);
  return Object.assign(new ScoreSummaryDto(), {
    average: scale ? averageInScale(average, scale) : average,
    min: extreme(row?.min),
    max: extreme(row?.max),
  });
}

/** The participant of a session note (the notes are queried with one). */
function participantOf(note: TastingNote): string {
  return note.participant?.id ?? '';
}

/** Whisky names compared loosely: case, spacing and punctuation do not make a guess wrong. */
function sameName(a: string, b: string): boolean {
  const plain = (name: string) =>
    name
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  return plain(a) === plain(b);
}

/**
 * Results of tasting sessions (scores, rankings, flavours, guesses) and their public share links.
 * Every query runs under the household filter: `em.find…` applies it, the score aggregate calls
 * `applyFilters()`, and the public route enters the link's household before computing anything.
 */
@Injectable()
export class ResultsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** The results of a session of the viewer's household, hiding what the viewer may not know yet. */
  async forViewer(sessionId: string, viewer: SessionViewer): Promise<SessionResultsDto> {
    const session = await this.findSession(sessionId);
    let scale: RatingScale = 'points100';
    if (viewer.kind === 'member') {
      scale = (await this.em.findOneOrFail(User, viewer.principal.userId)).ratingScale;
    }
    return this.compute(session, scale, (item) => hidesIdentity(session, item, viewer));
  }

  /**
   * The results behind a share link, for anyone holding it. The link is looked up across households
   * (the caller has none yet); once it matches, the request is confined to the session's household.
   */
  async shared(token: string): Promise<SharedSessionResultsDto> {
    const session = await this.em.findOne(
      TastingSession,
      { shareTokenHash: sha256(token) },
      { filters: false },
    );
    if (!session || session.status !== 'finished') throw new NotFoundError('No shared results at this link');
    enterHousehold(session.household.id);
    // A finished session hides nothing from anyone.
    return SharedSessionResultsDto.from(await this.compute(session, 'points100', () => false));
  }

  /** Creates the share link of a finished session, replacing any earlier one (host or admin). */
  async share(principal: Principal, sessionId: string, origin: RequestOrigin): Promise<SessionShareDto> {
    const token = randomToken();
    await this.em.transactional(async (em) => {
      const session = await this.lockForSharing(em, principal, sessionId);
      if (session.status !== 'finished') {
        throw new ConflictError(
          `Session ${sessionId} is ${session.status}; only finished sessions can be shared`,
        );
      }
      const replaced = session.shareTokenHash !== null;
      session.shareTokenHash = sha256(token);
      await this.audit.record(
        {
          action: 'session.shared',
          actor: principal,
          target: { type: 'tasting_session', id: session.id },
          origin,
          details: { replaced },
        },
        em,
      );
    });
    return Object.assign(new SessionShareDto(), {
      token,
      url: `${this.config.http.publicUrl}/admin/shared/${token}`,
    });
  }

  /** Revokes the share link of a session (host or admin); a session without one stays as it is. */
  async unshare(principal: Principal, sessionId: string, origin: RequestOrigin): Promise<void> {
    await this.em.transactional(async (em) => {
      const session = await this.lockForSharing(em, principal, sessionId);
      if (session.shareTokenHash === null) return;
      session.shareTokenHash = null;
      await this.audit.record(
        {
          action: 'session.share_revoked',
          actor: principal,
          target: { type: 'tasting_session', id: session.id },
          origin,
        },
        em,
      );
    });
  }

  private async findSession(id: string): Promise<TastingSession> {
    const session = await this.em.findOne(TastingSession, id);
    if (!session) throw new NotFoundError(`Tasting session ${id} does not exist`);
    return session;
  }

  private async lockForSharing(
    em: EntityManager,
    principal: Principal,
    sessionId: string,
  ): Promise<TastingSession> {
    const session = await em.findOne(TastingSession, sessionId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!session) throw new NotFoundError(`Tasting session ${sessionId} does not exist`);
    if (session.host.id !== principal.userId && principal.role !== 'admin') {
      throw new ForbiddenError('Only the host or an admin can share the results of a session');
    }
    return session;
  }

  private async compute(
    session: TastingSession,
    scale: RatingScale,
    hidden: (item: FlightItem) => boolean,
  ): Promise<SessionResultsDto> {
    const items = await this.em.find(
      FlightItem,
      { session },
      { populate: ['bottle.whisky'], orderBy: { position: 'asc' } },
    );
    const participants = await this.em.find(
      Participant,
      { session },
      { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    );
    const notes = await this.em.find(
      TastingNote,
      { session, flightItem: { $ne: null }, participant: { $ne: null } },
      { populate: ['guessWhisky'] },
    );
    const scores = await this.scoreAggregates(session.id);
    const labels = await this.flavourLabels(notes);
    const ranks = this.ranks(scores);
    const names = new Map(participants.map((participant) => [participant.id, participant.displayName]));

    const results = items.map((item) => {
      const itemNotes = notes.filter((note) => note.flightItem?.id === item.id);
      const byParticipant = new Map(itemNotes.map((note) => [participantOf(note), note]));
      const whisky = item.bottle.whisky;
      const identityHidden = hidden(item);
      const guessesShown = session.blind && (session.status === 'finished' || item.revealedAt !== null);
      const row = scores.get(item.id);
      return Object.assign(new FlightItemResultDto(), {
        flightItemId: item.id,
        position: item.position,
        label: sampleLabel(item.position),
        whisky: identityHidden
          ? null
          : Object.assign(new ResultWhiskyDto(), {
              id: whisky.id,
              name: whisky.name,
              distillery: whisky.distillery ?? null,
              abv: whisky.abv,
            }),
        rank: ranks.get(item.id) ?? null,
        scoreCount: Number(row?.scores ?? 0),
        normalised: summary(row),
        inScale: summary(row, scale),
        scores: participants.map((participant) => {
          const score = byParticipant.get(participant.id)?.score ?? null;
          return Object.assign(new ParticipantScoreDto(), {
            participantId: participant.id,
            displayName: participant.displayName,
            score,
            scoreInScale: score === null ? null : fromNormalized(score, scale),
          });
        }),
        topFlavours: this.topFlavours(itemNotes, labels),
        guesses: guessesShown
          ? itemNotes.map((note) => {
              const correct = note.guessWhisky
                ? note.guessWhisky.id === whisky.id
                : !!note.guessText && sameName(note.guessText, whisky.name);
              return Object.assign(new GuessDto(), {
                participantId: participantOf(note),
                displayName: names.get(participantOf(note)) ?? '',
                guessWhiskyId: note.guessWhisky?.id ?? null,
                guessWhiskyName: note.guessWhisky?.name ?? null,
                guessText: note.guessText ?? null,
                correct,
              });
            })
          : null,
      });
    });

    return Object.assign(new SessionResultsDto(), {
      sessionId: session.id,
      title: session.title,
      status: session.status,
      blind: session.blind,
      startsAt: session.startsAt,
      finishedAt: session.finishedAt ?? null,
      scale,
      items: results,
    });
  }

  /**
   * Average, lowest and highest score and the number of scores per flight item, aggregated by
   * PostgreSQL. The QueryBuilder does not apply entity filters by itself, hence `applyFilters()`.
   */
  private async scoreAggregates(sessionId: string): Promise<Map<string, ScoreRow>> {
    const qb = this.em
      .createQueryBuilder(TastingNote, 'n')
      .select([
        raw('n.flight_item_id as item'),
        raw('avg(n.score) as average'),
        raw('min(n.score) as min'),
        raw('max(n.score) as max'),
        raw('count(n.score) as scores'),
      ])
      .where({ session: sessionId, flightItem: { $ne: null }, score: { $ne: null } })
      .groupBy(raw('n.flight_item_id'));
    await qb.applyFilters();
    const rows = await qb.execute<ScoreRow[]>('all', false);
    return new Map(rows.map((row) => [row.item, row]));
  }

  /** Competition ranking by the rounded average: 1 for the best, equal averages share a place (1, 1, 3). */
  private ranks(scores: Map<string, ScoreRow>): Map<string, number> {
    const averages = [...scores].map(([item, row]) => [item, round1(Number(row.average))] as const);
    return new Map(
      averages.map(([item, average]) => [item, 1 + averages.filter(([, other]) => other > average).length]),
    );
  }

  /** Labels of the vocabulary's flavours used in `notes` (the vocabulary is the same for every household). */
  private async flavourLabels(notes: TastingNote[]): Promise<Map<string, string>> {
    const slugs = [...new Set(notes.flatMap((note) => note.flavourTags))];
    if (slugs.length === 0) return new Map();
    const tags = await this.em.find(FlavourTag, { slug: { $in: slugs } });
    return new Map(tags.map((tag) => [tag.slug, tag.label]));
  }

  private topFlavours(notes: TastingNote[], labels: Map<string, string>): FlavourCountDto[] {
    const counts = new Map<string, number>();
    for (const note of notes) {
      for (const slug of new Set(note.flavourTags)) counts.set(slug, (counts.get(slug) ?? 0) + 1);
    }
    return [...counts]
      .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
      .slice(0, TOP_FLAVOURS)
      .map(([slug, count]) =>
        Object.assign(new FlavourCountDto(), { slug, label: labels.get(slug) ?? slug, count }),
      );
  }
}
