import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Household } from './households/household.entity.js';
import { householdFilter } from './households/household-scope.js';

export const ROLES = ['admin', 'user', 'read_only'] as const;
/** What a user may do in their household: administer it, use it, or only look. */
export type Role = (typeof ROLES)[number];

export const RATING_SCALES = ['points100', 'points10', 'stars5'] as const;
/** How a user reads and writes tasting scores: 100-point, 10-point, or 5 stars with halves. */
export type RatingScale = (typeof RATING_SCALES)[number];

const UserSchema = defineEntity({
  name: 'User',
  tableName: 'app_user',
  filters: householdFilter(),
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    household: () => p.manyToOne(Household).index(),
    /** Stored lower-cased, so uniqueness and look-ups are case-insensitive. */
    email: p.string().length(320).unique(),
    displayName: p.string().length(100),
    /** argon2id; null for accounts that only sign in through single sign-on. */
    passwordHash: p.text().nullable().hidden().lazy(),
    role: p.enum(ROLES),
    emailVerifiedAt: p.datetime().nullable(),
    disabledAt: p.datetime().nullable(),
    passwordChangedAt: p.datetime().nullable(),
    ratingScale: p.enum(RATING_SCALES).default('points100'),
    locale: p.string().length(35).default('en'),
    timeZone: p.string().length(64).default('UTC'),
    currency: p.string().length(3).default('EUR'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

/** An account: belongs to one household, with one role in it. */
export class User extends UserSchema.class {}
UserSchema.setClass(User);
