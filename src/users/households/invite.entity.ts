import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { ROLES } from '../user.entity.js';
import { User } from '../user.entity.js';
import { Household } from './household.entity.js';
import { householdFilter } from './household-scope.js';

const InviteSchema = defineEntity({
  name: 'Invite',
  tableName: 'invite',
  filters: householdFilter(),
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    household: () => p.manyToOne(Household).index(),
    /** When set, only this address may use the invite. */
    email: p.string().length(320).nullable(),
    role: p.enum(ROLES),
    tokenHash: p.string().length(64).unique(),
    createdBy: () => p.manyToOne(User).deleteRule('cascade'),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    usedBy: () => p.manyToOne(User).nullable().deleteRule('set null'),
    revokedAt: p.datetime().nullable(),
  },
});

/** A single-use invitation into a household, created by one of its admins. */
export class Invite extends InviteSchema.class {}
InviteSchema.setClass(Invite);
