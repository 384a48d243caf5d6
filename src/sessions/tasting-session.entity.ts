import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Household } from '../users/households/household.entity.js';
import { householdFilter } from '../users/households/household-scope.js';
import { User } from '../users/user.entity.js';

export const SESSION_STATUSES = ['planned', 'live', 'finished', 'cancelled'] as const;
/** planned → live → finished; planned or live may be cancelled (which gives the pours back). */
export type SessionStatus = (typeof SESSION_STATUSES)[number];

const TastingSessionSchema = defineEntity({
  name: 'TastingSession',
  tableName: 'tasting_session',
  filters: householdFilter(),
  indexes: [{ properties: ['household', 'startsAt'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    household: () => p.manyToOne(Household),
    title: p.string().length(200),
    startsAt: p.datetime(),
    place: p.string().length(200).nullable(),
    host: () => p.manyToOne(User).deleteRule('restrict'),
    status: p.enum(SESSION_STATUSES).default('planned'),
    /** While live, participants other than the host see the flight as "Sample 1…n" only. */
    blind: p.boolean().default(false),
    notes: p.text().nullable(),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    /** SHA-256 of the public share token of a finished session's results; null when not shared. */
    shareTokenHash: p.string().length(64).nullable().unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    version: p.integer().version(),
  },
});

/** A tasting with friends: a flight of samples, participants (members and guests) and their notes. */
export class TastingSession extends TastingSessionSchema.class {}
TastingSessionSchema.setClass(TastingSession);
