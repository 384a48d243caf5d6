import { LockMode, QueryOrder, type FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from '../common/errors/domain-error.js';
import { containsPattern } from '../common/pagination/like-pattern.js';
import { toFindOptions } from '../common/pagination/list-query.js';
import { paginated, type Paginated } from '../common/pagination/paginated.js';
import { assertCurrentVersion } from '../common/versioning.js';
import { AppConfig } from '../config/app-config.js';
import { Bottle } from '../inventory/bottles/bottle.entity.js';
import { PourLedger } from '../inventory/pours/pour-ledger.service.js';
import type { Principal, RequestOrigin } from '../users/auth/principal.js';
import { randomToken, sha256 } from '../users/auth/secrets.js';
import { Household } from '../users/households/household.entity.js';
import { User } from '../users/user.entity.js';
import type { AddParticipantDto } from './dto/add-participant.dto.js';
import type { CreateSessionDto } from './dto/create-session.dto.js';
import type { AddFlightItemDto, UpdateFlightItemDto } from './dto/flight-item-changes.dto.js';
import type { SessionListQuery } from './dto/session-list-query.dto.js';
import type { UpdateSessionDto } from './dto/update-session.dto.js';
import { FlightItem } from './flight-item.entity.js';
import { Participant } from './participant.entity.js';
import { sampleLabel } from './session-viewer.js';
import { TastingSession, type SessionStatus } from './tasting-session.entity.js';

/** A session with its participants (oldest first) and its flight (in order, bottles and whiskies loaded). */
export interface SessionWithFlight {
  session: TastingSession;
  participants: Participant[];
  items: FlightItem[];
}

/** A participant just added; for a guest, the secret of their link, which exists only in this answer. */
export interface AddedParticipant {
  participant: Participant;
  guest?: { token: string; link: string };
}

/** Longest flight a session may have. */
export const MAX_FLIGHT_ITEMS = 50;

/**
 * (session, position) is unique and PostgreSQL checks it row by row, so samples that change place first
 * step aside to positions above any in use (smallint holds them comfortably for a 50-sample flight).
 */
const POSITION_SHIFT = 1000;

type AuditAction =
  | 'created'
  | 'updated'
  | 'deleted'
  | 'participant_added'
  | 'participant_removed'
  | 'item_added'
  | 'item_updated'
  | 'item_removed'
  | 'started'
  | 'finished'
  | 'cancelled'
  | 'item_revealed'
  | 'revealed';

/**
 * Who may run a session: its host, or an admin of the household, so a session never gets stuck when
 * its host is away. Seeing a blind flight stays the host's alone ({@link hidesIdentity}): an admin who
 * manages the session tastes blind like everyone else.
 */
function assertMayHost(session: TastingSession, principal: Principal): void {
  if (session.host.id === principal.userId || principal.role === 'admin') return;
  throw new ForbiddenError(`Only the host of session ${session.id} or an admin of the household may do this`);
}

function assertStatus(session: TastingSession, allowed: readonly SessionStatus[], what: string): void {
  if (allowed.includes(session.status)) return;
  throw new ConflictError(
    `Session ${session.id} is ${session.status}; ${what} only while it is ${allowed.join(' or ')}`,
  );
}

/**
 * Tasting sessions: planning (participants, the flight), the lifecycle planned → live → finished or
 * cancelled, and revealing blind samples. Every write locks the session's row, so the flight and the
 * participants cannot change while a session starts. Starting serves the flight through the
 * {@link PourLedger} (one `tasting` pour per sample for all participants); cancelling gives it back.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly ledger: PourLedger,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** One page of the household's sessions, each with its participants and flight (three queries). */
  async list(query: SessionListQuery): Promise<Paginated<SessionWithFlight>> {
    const where: FilterQuery<TastingSession> = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.blind !== undefined ? { blind: query.blind } : {}),
      ...(query.q ? { title: { $ilike: containsPattern(query.q) } } : {}),
    };
    const { limit, offset } = toFindOptions(query);
    const [sessions, total] = await this.em.findAndCount(TastingSession, where, {
      populate: ['host'],
      orderBy: [{ [query.sort]: query.order }, { id: QueryOrder.ASC }],
      limit,
      offset,
    });
    return paginated(await this.flightsOf(this.em, sessions), total);
  }

  /** A session of the caller's household with its participants and flight (404 for any other). */
  get(id: string): Promise<SessionWithFlight> {
    return this.load(this.em, id);
  }

  /**
   * Like {@link get}, through `em` (a transaction's, or one scoped to a guest's household). The items'
   * bottles and whiskies are loaded, as `flightItemView` needs them.
   */
  async load(em: EntityManager, id: string): Promise<SessionWithFlight> {
    const session = await em.findOne(TastingSession, id, { populate: ['host'] });
    if (!session) throw new NotFoundError(`Session ${id} does not exist`);
    const [flight] = await this.flightsOf(em, [session]);
    return flight;
  }

  /** Plans a session; its host (the caller unless `hostUserId` names another member) joins it at once. */
  async create(
    principal: Principal,
    input: CreateSessionDto,
    origin: RequestOrigin,
  ): Promise<SessionWithFlight> {
    return this.em.transactional(async (em) => {
      const host = await this.member(em, input.hostUserId ?? principal.userId, 'hostUserId');
      const household = em.getReference(Household, principal.householdId);
      const session = em.create(TastingSession, {
        household,
        title: input.title,
        startsAt: input.startsAt,
        place: input.place ?? null,
        host,
        blind: input.blind ?? false,
        notes: input.notes ?? null,
      });
      this.createMemberParticipant(em, principal, session, host);
      await em.flush();
      await this.record(em, principal, origin, 'created', session.id, {
        hostUserId: host.id,
        blind: session.blind,
      });
      return this.load(em, session.id);
    });
  }

  /**
   * Changes a session based on the `version` the client read. Title, place and notes change at any
   * time; the start time, blind mode and host only while it is planned (409 afterwards).
   */
  async update(
    principal: Principal,
    id: string,
    changes: UpdateSessionDto,
    origin: RequestOrigin,
  ): Promise<SessionWithFlight> {
    return this.em.transactional(async (em) => {
      const session = await this.lockForHost(em, id, principal);
      assertCurrentVersion(`Session ${id}`, session, changes.version);
      const { version: _version, hostUserId, ...fields } = changes;
      const plannedOnly = (['startsAt', 'blind', 'hostUserId'] as const).filter(
        (field) => changes[field] !== undefined,
      );
      if (plannedOnly.length > 0) assertStatus(session, ['planned'], `${plannedOnly.join(', ')} change`);
      const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
      em.assign(session, given);
      const changed = Object.keys(given);
      if (hostUserId !== undefined && hostUserId !== session.host.id) {
        const host = await this.member(em, hostUserId, 'hostUserId');
        session.host = host;
        if ((await em.count(Participant, { session, user: host })) === 0) {
          this.createMemberParticipant(em, principal, session, host);
        }
        changed.push('hostUserId');
      }
      if (changed.length > 0) {
        await em.flush();
        await this.record(em, principal, origin, 'updated', id, { fields: changed });
      }
      return this.load(em, id);
    });
  }

  /** Deletes a planned or cancelled session with its flight, participants and notes (409 otherwise). */
  async delete(principal: Principal, id: string, origin: RequestOrigin): Promise<void> {
    await this.em.transactional(async (em) => {
      const session = await this.lockForHost(em, id, principal);
      assertStatus(session, ['planned', 'cancelled'], 'it can be deleted');
      await this.record(em, principal, origin, 'deleted', id, { title: session.title });
      em.remove(session);
      await em.flush();
    });
  }

  /**
   * Adds a member (409 if already in) or a guest to a planned session. A guest gets a link whose token
   * is returned here once; only its SHA-256 is stored.
   */
  async addParticipant(
    principal: Principal,
    id: string,
    input: AddParticipantDto,
    origin: RequestOrigin,
  ): Promise<AddedParticipant> {
    return this.em.transactional(async (em) => {
      const session = await this.lockForHost(em, id, principal);
      assertStatus(session, ['planned'], 'participants change');
      let added: AddedParticipant;
      if (input.userId !== undefined) {
        const user = await this.member(em, input.userId, 'userId');
        if ((await em.count(Participant, { session, user })) > 0) {
          throw new ConflictError(`${user.displayName} already takes part in session ${id}`);
        }
        added = { participant: this.createMemberParticipant(em, principal, session, user) };
      } else {
        const token = randomToken();
        const participant = em.create(Participant, {
          household: em.getReference(Household, principal.householdId),
          session,
          user: null,
          displayName: input.guestName!,
          guestTokenHash: sha256(token),
        });
        added = { participant, guest: { token, link: `${this.config.http.publicUrl}/admin/guest/${token}` } };
      }
      await em.flush();
      await this.record(em, principal, origin, 'participant_added', id, {
        participantId: added.participant.id,
        userId: input.userId ?? null,
        guest: added.guest !== undefined,
      });
      return added;
    });
  }

  /** Removes a participant from a planned session; the host stays (409: hand the session over first). */
  async removeParticipant(
    principal: Principal,
    id: string,
    participantId: string,
    origin: RequestOrigin,
  ): Promise<void> {
    await this.em.transactional(async (em) => {
      const session = await this.lockForHost(em, id, principal);
      assertStatus(session, ['planned'], 'participants change');
      const participant = await em.findOne(Participant, { id: participantId, session });
      if (!participant) throw new NotFoundError(`Session ${id} has no participant ${participantId}`);
      if (participant.user?.id === session.host.id) {
        throw new ConflictError(`The host cannot leave session ${id}; make someone else the host first`);
      }
      em.remove(participant);
      await em.flush();
      await this.record(em, principal, origin, 'participant_removed', id, { participantId });
    });
  }

  /** Adds a sample to a planned session's flight, last or at `position` (later samples move down). */
  async addItem(
    principal: Principal,
    id: string,
    input: AddFlightItemDto,
    origin: RequestOrigin,
  ): Promise<SessionWithFlight> {
    return this.em.transactional(async (em) => {
      const session = await this.lockForHost(em, id, principal);
      assertStatus(session, ['planned'], 'the flight changes');
      const bottle = await em.findOne(Bottle, input.bottleId);
      if (!bottle) {
        throw new NotFoundError(`Bottle ${input.bottleId} does not exist`, [
          { field: 'bottleId', message: 'no such bottle' },
        ]);
      }
      const items = await this.itemsOf(em, session);
      if (items.length >= MAX_FLIGHT_ITEMS) {
        throw new InvalidError(`A flight has at most ${MAX_FLIGHT_ITEMS} samples`);
      }
      const position = input.position ?? items.length + 1;
      assertPosition(position, items.length + 1);
      const item = em.create(FlightItem, {
        household: em.getReference(Household, principal.householdId),
        session,
        position: items.length + 1,
        bottle,
        mlPerParticipant: input.mlPerParticipant,
      });
      items.splice(position - 1, 0, item);
      await this.arrange(em, items);
      await this.record(em, principal, origin, 'item_added', id, {
        itemId: item.id,
        bottleId: bottle.id,
        position,
        mlPerParticipant: input.mlPerParticipant,
      });
      return this.load(em, id);
    });
  }

  /** Moves a sample of a planned session's flight or changes its measure. */
  async updateItem(
    principal: Principal,
    id: string,
    itemId: string,
    changes: UpdateFlightItemDto,
    origin: RequestOrigin,
  ): Promise<SessionWithFlight> {
    return this.em.transactional(async (em) => {
      const session = await this.lockForHost(em, id, principal);
      assertStatus(session, ['planned'], 'the flight changes');
      const items = await this.itemsOf(em, session);
      const item = findItem(items, id, itemId);
      if (changes.mlPerParticipant !== undefined) item.mlPerParticipant = changes.mlPerParticipant;
      if (changes.position !== undefined) {
        assertPosition(changes.position, items.length);
        items.splice(items.indexOf(item), 1);
        items.splice(changes.position - 1, 0, item);
      }
      await this.arrange(em, items);
      await this.record(em, principal, origin, 'item_updated', id, {
        itemId,
        fields: Object.keys(changes).filter(
          (field) => changes[field as keyof UpdateFlightItemDto] !== undefined,
        ),
      });
      return this.load(em, id);
    });
  }

  /** Removes a sample from a planned session's flight; later samples move up. */
  async removeItem(principal: Principal, id: string, itemId: string, origin: RequestOrigin): Promise<void> {
    await this.em.transactional(async (em) => {
      const session = await this.lockForHost(em, id, principal);
      assertStatus(session, ['planned'], 'the flight changes');
      const items = await this.itemsOf(em, session);
      const item = findItem(items, id, itemId);
      em.remove(item);
      items.splice(items.indexOf(item), 1);
      await this.arrange(em, items);
      await this.record(em, principal, origin, 'item_removed', id, {
        itemId,
        bottleId: item.bottle.id,
        position: item.position,
      });
    });
  }

  /**
   * Starts a planned session: every sample is served through the ledger as one `tasting` pour of its
   * measure times the participants. All or nothing: a bottle without enough left (422, naming it)
   * leaves the session planned and every bottle untouched.
   */
  async start(principal: Principal, id: string, origin: RequestOrigin): Promise<SessionWithFlight> {
    return this.em.transactional(async (em) => {
      const session = await this.lockForHost(em, id, principal);
      assertStatus(session, ['planned'], 'it can start');
      const items = await this.itemsOf(em, session);
      const participants = await em.count(Participant, { session });
      if (items.length === 0) throw new InvalidError(`Session ${id} has no samples in its flight yet`);
      if (participants === 0) throw new InvalidError(`Session ${id} has no participants yet`);
      const now = new Date();
      const served: Record<string, unknown>[] = [];
      for (const item of items) {
        const pour = await this.serve(em, principal, session, item, participants, now);
        item.pour = pour;
        item.servedAt = now;
        served.push({ itemId: item.id, pourId: pour.id, bottleId: pour.bottle.id, ml: pour.ml });
      }
      session.status = 'live';
      session.startedAt = now;
      await em.flush();
      await this.record(em, principal, origin, 'started', id, { participants, pours: served });
      return this.load(em, id);
    });
  }

  /** Finishes a live session, which reveals every sample to everyone. */
  async finish(principal: Principal, id: string, origin: RequestOrigin): Promise<SessionWithFlight> {
    return this.em.transactional(async (em) => {
      const session = await this.lockForHost(em, id, principal);
      assertStatus(session, ['live'], 'it can finish');
      const now = new Date();
      for (const item of await this.itemsOf(em, session)) item.revealedAt ??= now;
      session.status = 'finished';
      session.finishedAt = now;
      await em.flush();
      await this.record(em, principal, origin, 'finished', id, {});
      return this.load(em, id);
    });
  }

  /** Cancels a planned or live session; the pours of a live one go back into their bottles. */
  async cancel(principal: Principal, id: string, origin: RequestOrigin): Promise<SessionWithFlight> {
    return this.em.transactional(async (em) => {
      const session = await this.lockForHost(em, id, principal);
      assertStatus(session, ['planned', 'live'], 'it can be cancelled');
      const reversed: string[] = [];
      for (const item of await this.itemsOf(em, session)) {
        const pour = item.pour;
        if (!pour) continue;
        item.pour = null;
        item.servedAt = null;
        await this.ledger.reverse(em, pour);
        reversed.push(pour.id);
      }
      session.status = 'cancelled';
      await em.flush();
      await this.record(em, principal, origin, 'cancelled', id, { reversedPours: reversed });
      return this.load(em, id);
    });
  }

  /**
   * Reveals one sample of a live session (`itemId`), or all of them, to everyone before the session
   * finishes. Revealing again changes nothing.
   */
  async reveal(
    principal: Principal,
    id: string,
    itemId: string | null,
    origin: RequestOrigin,
  ): Promise<SessionWithFlight> {
    return this.em.transactional(async (em) => {
      const session = await this.lockForHost(em, id, principal);
      assertStatus(session, ['live'], 'samples can be revealed');
      const items = await this.itemsOf(em, session);
      const targets = itemId === null ? items : [findItem(items, id, itemId)];
      const now = new Date();
      for (const item of targets) item.revealedAt ??= now;
      await em.flush();
      await this.record(
        em,
        principal,
        origin,
        itemId === null ? 'revealed' : 'item_revealed',
        id,
        itemId === null ? {} : { itemId },
      );
      return this.load(em, id);
    });
  }

  /** The session, its row locked for the rest of the transaction (404 for another household's). */
  /** Locks the session for this transaction, once the caller is known to be allowed to run it. */
  private async lockForHost(em: EntityManager, id: string, principal: Principal): Promise<TastingSession> {
    const session = await em.findOne(TastingSession, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!session) throw new NotFoundError(`Session ${id} does not exist`);
    assertMayHost(session, principal);
    return session;
  }

  /** An active member of the caller's household (422 for anyone else, as the field's value is wrong). */
  private async member(em: EntityManager, userId: string, field: string): Promise<User> {
    const user = await em.findOne(User, { id: userId, disabledAt: null });
    if (!user) {
      throw new InvalidError(`User ${userId} is not a member of this household`, [
        { field, message: 'not a member of the household' },
      ]);
    }
    return user;
  }

  private createMemberParticipant(
    em: EntityManager,
    principal: Principal,
    session: TastingSession,
    user: User,
  ): Participant {
    return em.create(Participant, {
      household: em.getReference(Household, principal.householdId),
      session,
      user,
      displayName: user.displayName,
      guestTokenHash: null,
    });
  }

  /** The session's flight in order, with bottles, whiskies and pours loaded. */
  private itemsOf(em: EntityManager, session: TastingSession): Promise<FlightItem[]> {
    return em.find(
      FlightItem,
      { session },
      { populate: ['bottle.whisky', 'pour'], orderBy: { position: QueryOrder.ASC } },
    );
  }

  /** Participants and flights of `sessions`, in two queries whatever their number. */
  private async flightsOf(em: EntityManager, sessions: TastingSession[]): Promise<SessionWithFlight[]> {
    if (sessions.length === 0) return [];
    const ids = sessions.map((session) => session.id);
    const participants = await em.find(
      Participant,
      { session: { $in: ids } },
      { orderBy: [{ createdAt: QueryOrder.ASC }, { id: QueryOrder.ASC }] },
    );
    const items = await em.find(
      FlightItem,
      { session: { $in: ids } },
      { populate: ['bottle.whisky'], orderBy: { position: QueryOrder.ASC } },
    );
    return sessions.map((session) => ({
      session,
      participants: participants.filter((participant) => participant.session.id === session.id),
      items: items.filter((item) => item.session.id === session.id),
    }));
  }

  /** Gives `ordered` the positions 1…n and flushes (new items included). */
  private async arrange(em: EntityManager, ordered: FlightItem[]): Promise<void> {
    const moving = ordered.filter((item, index) => item.position !== index + 1);
    if (moving.length > 0) {
      for (const item of moving) item.position += POSITION_SHIFT;
      await em.flush();
      for (const item of moving) item.position = ordered.indexOf(item) + 1;
    }
    await em.flush();
  }

  /** Pours one sample for every participant; a refusal by the ledger names the sample and the bottle. */
  private async serve(
    em: EntityManager,
    principal: Principal,
    session: TastingSession,
    item: FlightItem,
    participants: number,
    pouredAt: Date,
  ) {
    try {
      return await this.ledger.pour(em, principal, {
        bottleId: item.bottle.id,
        ml: item.mlPerParticipant * participants,
        reason: 'tasting',
        pouredAt,
        // No sample label in the pour: members can read the ledger, and it would unmask a blind flight.
        tastingSessionId: session.id,
      });
    } catch (error) {
      if (!(error instanceof InvalidError)) throw error;
      throw new InvalidError(
        `${sampleLabel(item.position)} (${item.mlPerParticipant} ml × ${participants} participants) cannot be served: ${error.message}`,
        [{ field: `items.${item.position - 1}`, message: error.message }],
      );
    }
  }

  private record(
    em: EntityManager,
    principal: Principal,
    origin: RequestOrigin,
    action: AuditAction,
    sessionId: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(
      {
        action: `session.${action}`,
        actor: principal,
        target: { type: 'tasting_session', id: sessionId },
        origin,
        details,
      },
      em,
    );
  }
}

function assertPosition(position: number, last: number): void {
  if (position <= last) return;
  throw new InvalidError(`Position ${position} is past the end of the flight`, [
    { field: 'position', message: `at most ${last}` },
  ]);
}

function findItem(items: FlightItem[], sessionId: string, itemId: string): FlightItem {
  const item = items.find((candidate) => candidate.id === itemId);
  if (!item) throw new NotFoundError(`Session ${sessionId} has no sample ${itemId}`);
  return item;
}
