import { LockMode, QueryOrder, UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { AuditService, type AuditEntry } from '../../audit/audit.service.js';
import {
  ConflictError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
} from '../../common/errors/domain-error.js';
import { containsPattern } from '../../common/pagination/like-pattern.js';
import { toFindOptions } from '../../common/pagination/list-query.js';
import { paginated, type Paginated } from '../../common/pagination/paginated.js';
import { assertCurrentVersion } from '../../common/versioning.js';
import { Whisky } from '../../inventory/whiskies/whisky.entity.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import type { Principal, RequestOrigin } from '../../users/auth/principal.js';
import { Household } from '../../users/households/household.entity.js';
import { User, type RatingScale } from '../../users/user.entity.js';
import { FlavoursService } from '../flavours/flavours.service.js';
import { FlightItem } from '../flight-item.entity.js';
import { Participant } from '../participant.entity.js';
import { TastingSession, type SessionStatus } from '../tasting-session.entity.js';
import type { CreateTastingNoteDto } from './dto/create-tasting-note.dto.js';
import type { TastingNoteContentDto } from './dto/tasting-note-content.dto.js';
import type { NoteListQuery, TastingNoteListQuery } from './dto/tasting-note-list-query.dto.js';
import type { UpdateTastingNoteDto } from './dto/update-tasting-note.dto.js';
import { averageInScale, scoreProblem, toNormalized } from './score-scale.js';
import { TastingNote } from './tasting-note.entity.js';

/** Relations every note response needs (see `TastingNoteDto.from`). */
export const NOTE_RELATIONS = [
  'whisky',
  'session',
  'flightItem',
  'author',
  'participant',
  'guessWhisky',
] as const;

/** Sessions whose samples take notes: while tasting, and afterwards to finish writing them. */
const NOTE_TAKING: readonly SessionStatus[] = ['live', 'finished'];

/** Text fields of a note, copied as they come (`null` clears them). */
const TEXT_FIELDS = ['nose', 'palate', 'finish', 'overall', 'guessText'] as const;

/** What `q` searches. */
const WORD_FIELDS = ['nose', 'palate', 'finish', 'overall'] as const;

/** A page of notes, and the scale the reader wants scores in. */
export interface NotePage extends Paginated<TastingNote> {
  scale: RatingScale;
}

/** A page of a whisky's notes with the average score over all of them. */
export interface WhiskyNotePage extends NotePage {
  averageScore: number | null;
  scoredNotes: number;
}

/** Who writes a note, and in which scale their score is. */
interface NoteWriter {
  /** The member writing; absent for a guest. */
  principal?: Principal;
  householdId: string;
  scale: RatingScale;
}

/**
 * Tasting notes: at home (of a whisky) or in a session (of a flight sample, one per participant).
 * Scores are stored normalised to 0–100 and read in each reader's scale; a blind sample's whisky is
 * never matched to a note for readers it is hidden from (see `hidesIdentity`).
 */
@Injectable()
export class NotesService {
  private readonly created: Counter<'kind'>;

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly flavours: FlavoursService,
    metrics: MetricsService,
  ) {
    this.created = new Counter({
      name: 'whiskey_tasting_notes_total',
      help: 'Tasting notes written, by kind (standalone, session, guest).',
      labelNames: ['kind'] as const,
      registers: [metrics.registry],
    });
  }

  /** The member's rating scale: scores they write are in it, and so are the scores they read. */
  async scaleOf(principal: Principal): Promise<RatingScale> {
    const user = await this.em.findOne(User, principal.userId, { fields: ['ratingScale'] });
    return user?.ratingScale ?? 'points100';
  }

  /** One page of the household's notes. Filtering by whisky leaves out samples hidden from the caller. */
  async list(principal: Principal, query: TastingNoteListQuery): Promise<NotePage> {
    const where: FilterQuery<TastingNote>[] = [this.listFilters(principal, query)];
    if (query.sessionId) where.push({ session: query.sessionId });
    if (query.whiskyId) where.push({ whisky: query.whiskyId }, this.visibleTo(principal));
    return this.page(principal, { $and: where }, query);
  }

  /** One page of the notes of a session of the household (404 for any other). */
  async listForSession(principal: Principal, sessionId: string, query: NoteListQuery): Promise<NotePage> {
    if (!(await this.em.count(TastingSession, { id: sessionId }))) {
      throw new NotFoundError(`Tasting session ${sessionId} does not exist`);
    }
    return this.page(
      principal,
      { $and: [this.listFilters(principal, query), { session: sessionId }] },
      query,
    );
  }

  /**
   * One page of the notes of a whisky, at home and in sessions, with the average score of all of them;
   * notes of samples still hidden from the caller are neither listed nor counted.
   */
  async listForWhisky(principal: Principal, whiskyId: string, query: NoteListQuery): Promise<WhiskyNotePage> {
    if (!(await this.em.count(Whisky, { id: whiskyId }))) {
      throw new NotFoundError(`Whisky ${whiskyId} does not exist`);
    }
    const visible: FilterQuery<TastingNote> = { $and: [{ whisky: whiskyId }, this.visibleTo(principal)] };
    const page = await this.page(principal, { $and: [visible, this.listFilters(principal, query)] }, query);
    // Every scored note of the whisky counts, not only this page or this author's.
    const scored = await this.em.find(
      TastingNote,
      { $and: [visible, { score: { $ne: null } }] },
      { fields: ['score'], disableIdentityMap: true },
    );
    const mean = scored.length
      ? scored.reduce((sum, note) => sum + (note.score ?? 0), 0) / scored.length
      : null;
    return { ...page, averageScore: averageInScale(mean, page.scale), scoredNotes: scored.length };
  }

  /** A note of the household with what its response needs (404 for any other). */
  async get(id: string): Promise<TastingNote> {
    const note = await this.em.findOne(TastingNote, id, { populate: NOTE_RELATIONS, strategy: 'joined' });
    if (!note) throw new NotFoundError(`Tasting note ${id} does not exist`);
    return note;
  }

  /**
   * Writes a note: of a whisky at home, or of a sample of a live or finished session the caller takes
   * part in (403 otherwise; 409 for a second note on the same sample).
   */
  async create(
    principal: Principal,
    input: CreateTastingNoteDto,
    origin: RequestOrigin,
  ): Promise<TastingNote> {
    const writer: NoteWriter = {
      principal,
      householdId: principal.householdId,
      scale: await this.scaleOf(principal),
    };
    const id = await this.uniqueNote(() =>
      this.em.transactional(async (em) => {
        let note: TastingNote;
        if (input.flightItemId !== undefined) {
          const item = await this.findItem(em, { id: input.flightItemId }, 'flightItemId');
          const participant = await em.findOne(Participant, {
            session: item.session,
            user: principal.userId,
          });
          if (!participant) {
            throw new ForbiddenError(`You do not take part in tasting session ${item.session.id}`);
          }
          note = await this.newSessionNote(em, writer, item, participant);
        } else {
          const whisky = await em.findOne(Whisky, input.whiskyId!);
          if (!whisky) {
            throw new NotFoundError(`Whisky ${input.whiskyId} does not exist`, [
              { field: 'whiskyId', message: 'no such whisky' },
            ]);
          }
          note = this.newNote(em, writer, { whisky });
        }
        await this.applyContent(em, note, input, writer.scale);
        await em.flush();
        await this.record(em, writer, 'tasting_note.created', note, origin);
        return note.id;
      }),
    );
    this.created.inc({ kind: input.flightItemId === undefined ? 'standalone' : 'session' });
    return this.get(id);
  }

  /** Changes one's own note (403 on anyone else's), also after its session finished. */
  async update(
    principal: Principal,
    id: string,
    changes: UpdateTastingNoteDto,
    origin: RequestOrigin,
  ): Promise<TastingNote> {
    const scale = await this.scaleOf(principal);
    await this.em.transactional(async (em) => {
      const note = await this.findOwn(em, principal, id);
      assertCurrentVersion(`Tasting note ${id}`, note, changes.version);
      const fields = await this.applyContent(em, note, changes, scale);
      if (fields.length === 0) return;
      await em.flush();
      await this.record(
        em,
        { principal, householdId: principal.householdId, scale },
        'tasting_note.updated',
        note,
        origin,
        {
          fields,
        },
      );
    });
    return this.get(id);
  }

  /** Deletes one's own note (403 on anyone else's). */
  async delete(principal: Principal, id: string, origin: RequestOrigin): Promise<void> {
    await this.em.transactional(async (em) => {
      const note = await this.findOwn(em, principal, id);
      em.remove(note);
      await em.flush();
      const writer = { principal, householdId: principal.householdId, scale: 'points100' as const };
      await this.record(em, writer, 'tasting_note.deleted', note, origin);
    });
  }

  /** A participant's notes in their session (a guest's view of what they wrote). */
  notesOf(participant: Participant): Promise<TastingNote[]> {
    return this.em.find(
      TastingNote,
      { participant },
      { populate: NOTE_RELATIONS, strategy: 'joined', orderBy: { flightItem: { position: QueryOrder.ASC } } },
    );
  }

  /**
   * Creates or changes a guest's note on a sample of their session (404 for a sample of any other
   * session; 422 unless the session is live). Fields left out stay as they are; a `version`, when
   * sent, must be the current one.
   */
  async writeGuestNote(
    participant: Participant,
    itemId: string,
    input: TastingNoteContentDto & { version?: number },
    scale: RatingScale,
    origin: RequestOrigin,
  ): Promise<TastingNote> {
    const writer: NoteWriter = { householdId: participant.household.id, scale };
    let createdNote = false;
    const id = await this.uniqueNote(() =>
      this.em.transactional(async (em) => {
        const item = await this.findItem(em, { id: itemId, session: participant.session.id }, 'itemId');
        if (item.session.status !== 'live') {
          throw new InvalidError(`Notes can be written while tasting session ${item.session.id} is live`);
        }
        let note = await em.findOne(
          TastingNote,
          { flightItem: item, participant },
          { lockMode: LockMode.PESSIMISTIC_WRITE },
        );
        if (note && input.version !== undefined)
          assertCurrentVersion(`Tasting note ${note.id}`, note, input.version);
        createdNote = !note;
        note ??= await this.newSessionNote(em, writer, item, participant);
        const fields = await this.applyContent(em, note, input, scale);
        await em.flush();
        const action = createdNote ? 'tasting_note.created' : 'tasting_note.updated';
        await this.record(em, writer, action, note, origin, { participantId: participant.id, fields });
        return note.id;
      }),
    );
    if (createdNote) this.created.inc({ kind: 'guest' });
    return this.get(id);
  }

  private async page(
    principal: Principal,
    where: FilterQuery<TastingNote>,
    query: NoteListQuery,
  ): Promise<NotePage> {
    const { limit, offset } = toFindOptions(query);
    const order =
      query.sort === 'score'
        ? query.order === 'ASC'
          ? QueryOrder.ASC_NULLS_LAST
          : QueryOrder.DESC_NULLS_LAST
        : query.order;
    const [notes, total] = await this.em.findAndCount(TastingNote, where, {
      populate: NOTE_RELATIONS,
      strategy: 'joined',
      orderBy: [{ [query.sort]: order }, { id: QueryOrder.ASC }],
      limit,
      offset,
    });
    return { ...paginated(notes, total), scale: await this.scaleOf(principal) };
  }

  /**
   * The filters every list shares: author, mine, and `q` over the note's own words (never its whisky's
   * name, which a blind sample hides).
   */
  private listFilters(principal: Principal, query: NoteListQuery): FilterQuery<TastingNote> {
    const pattern = query.q ? containsPattern(query.q) : null;
    return {
      ...(query.authorId ? { author: query.authorId } : {}),
      ...(query.mine ? { $and: [{ author: principal.userId }] } : {}),
      ...(pattern ? { $or: WORD_FIELDS.map((field) => ({ [field]: { $ilike: pattern } })) } : {}),
    };
  }

  /**
   * Notes whose whisky `principal` may see: at home, or of a sample that is not blind for them (the
   * SQL twin of `hidesIdentity` for a member).
   */
  private visibleTo(principal: Principal): FilterQuery<TastingNote> {
    return {
      $or: [
        { session: null },
        { session: { blind: false } },
        { session: { status: 'finished' } },
        { session: { host: principal.userId } },
        { flightItem: { revealedAt: { $ne: null } } },
      ],
    };
  }

  /** A flight item of a session that takes notes, with its bottle's whisky (404 or 422 otherwise). */
  private async findItem(
    em: EntityManager,
    where: FilterQuery<FlightItem>,
    field: string,
  ): Promise<FlightItem> {
    const item = await em.findOne(FlightItem, where, { populate: ['session', 'bottle.whisky'] });
    if (!item) {
      throw new NotFoundError(`Flight item ${String((where as { id: string }).id)} does not exist`, [
        { field, message: 'no such sample' },
      ]);
    }
    if (!NOTE_TAKING.includes(item.session.status)) {
      throw new InvalidError(
        `Tasting session ${item.session.id} is ${item.session.status}: notes are taken once it is live`,
        [{ field, message: `the session is ${item.session.status}` }],
      );
    }
    return item;
  }

  private async newSessionNote(
    em: EntityManager,
    writer: NoteWriter,
    item: FlightItem,
    participant: Participant,
  ): Promise<TastingNote> {
    const existing = await em.count(TastingNote, { flightItem: item, participant });
    if (existing) throw this.duplicate();
    return this.newNote(em, writer, {
      whisky: item.bottle.whisky,
      session: item.session,
      flightItem: item,
      participant,
    });
  }

  private newNote(
    em: EntityManager,
    writer: NoteWriter,
    about: { whisky: Whisky; session?: TastingSession; flightItem?: FlightItem; participant?: Participant },
  ): TastingNote {
    return em.create(TastingNote, {
      household: em.getReference(Household, writer.householdId),
      author: writer.principal ? em.getReference(User, writer.principal.userId) : null,
      session: about.session ?? null,
      flightItem: about.flightItem ?? null,
      participant: about.participant ?? null,
      whisky: about.whisky,
      flavourTags: [],
      freeTags: [],
    });
  }

  /** Copies what `input` says onto `note`, validated; returns the names of the fields it set. */
  private async applyContent(
    em: EntityManager,
    note: TastingNote,
    input: TastingNoteContentDto,
    scale: RatingScale,
  ): Promise<string[]> {
    const fields: string[] = [];
    const guessing = input.guessWhiskyId != null || input.guessText != null;
    if (guessing && !note.session?.blind) {
      throw new InvalidError('Guesses are for samples of blind sessions', [
        {
          field: input.guessWhiskyId != null ? 'guessWhiskyId' : 'guessText',
          message: 'only in a blind session',
        },
      ]);
    }
    for (const field of TEXT_FIELDS) {
      if (input[field] === undefined) continue;
      note[field] = input[field];
      fields.push(field);
    }
    if (input.score !== undefined) {
      if (input.score === null) {
        note.score = null;
        note.scoreScale = null;
      } else {
        const problem = scoreProblem(input.score, scale);
        if (problem)
          throw new InvalidError(`Score ${input.score} is not in your scale: ${problem}`, [
            { field: 'score', message: problem },
          ]);
        note.score = toNormalized(input.score, scale);
        note.scoreScale = scale;
      }
      fields.push('score');
    }
    if (input.flavourTags !== undefined) {
      await this.flavours.assertKnown(input.flavourTags);
      note.flavourTags = input.flavourTags;
      fields.push('flavourTags');
    }
    if (input.freeTags !== undefined) {
      note.freeTags = input.freeTags;
      fields.push('freeTags');
    }
    if (input.servedMl !== undefined) {
      note.servedMl = input.servedMl;
      fields.push('servedMl');
    }
    if (input.guessWhiskyId !== undefined) {
      note.guessWhisky = input.guessWhiskyId === null ? null : await this.findGuess(em, input.guessWhiskyId);
      fields.push('guessWhiskyId');
    }
    return fields;
  }

  private async findGuess(em: EntityManager, id: string): Promise<Whisky> {
    const whisky = await em.findOne(Whisky, id);
    if (!whisky)
      throw new NotFoundError(`Whisky ${id} does not exist`, [
        { field: 'guessWhiskyId', message: 'no such whisky' },
      ]);
    return whisky;
  }

  /** The caller's own note, locked for the change (404 outside the household, 403 someone else's). */
  private async findOwn(em: EntityManager, principal: Principal, id: string): Promise<TastingNote> {
    const note = await em.findOne(TastingNote, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!note) throw new NotFoundError(`Tasting note ${id} does not exist`);
    if (note.author?.id !== principal.userId)
      throw new ForbiddenError('Only its author can change or delete a note');
    if (note.session) await em.populate(note, ['session']);
    return note;
  }

  private record(
    em: EntityManager,
    writer: NoteWriter,
    action: string,
    note: TastingNote,
    origin: RequestOrigin,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const entry: AuditEntry = {
      action,
      actor: writer.principal ?? { householdId: writer.householdId },
      target: { type: 'tasting_note', id: note.id },
      origin,
      // A session note names its sample, never the whisky: the trail is readable while it is blind.
      details: note.flightItem
        ? { sessionId: note.session!.id, flightItemId: note.flightItem.id, ...details }
        : { whiskyId: note.whisky.id, ...details },
    };
    return this.audit.record(entry, em);
  }

  /** Runs `write`, turning a race to the same participant and sample into the same 409 as the check. */
  private async uniqueNote<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw this.duplicate();
      throw error;
    }
  }

  private duplicate(): ConflictError {
    return new ConflictError('There is already a note of this participant for this sample; change that one', [
      { field: 'flightItemId', message: 'already noted' },
    ]);
  }
}
