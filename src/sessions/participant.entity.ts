import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Household } from '../users/households/household.entity.js';
import { householdFilter } from '../users/households/household-scope.js';
import { User } from '../users/user.entity.js';
import { TastingSession } from './tasting-session.entity.js';

const ParticipantSchema = defineEntity({
  name: 'Participant',
  tableName: 'participant',
  filters: householdFilter(),
  uniques: [{ properties: ['session', 'user'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    household: () => p.manyToOne(Household),
    session: () => p.manyToOne(TastingSession).index().deleteRule('cascade'),
    /** A member of the household, or null for a guest. */
    user: () => p.manyToOne(User).nullable().deleteRule('cascade'),
    /** Shown name: the guest's, or a copy of the member's display name at the time of joining. */
    displayName: p.string().length(100),
    /** SHA-256 of a guest's link token (guests have no account); null for members. */
    guestTokenHash: p.string().length(64).nullable().unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** Someone tasting in a session: a household member, or a named guest with a per-session link. */
export class Participant extends ParticipantSchema.class {}
ParticipantSchema.setClass(Participant);
