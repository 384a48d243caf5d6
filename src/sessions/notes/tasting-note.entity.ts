import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Whisky } from '../../inventory/whiskies/whisky.entity.js';
import { Household } from '../../users/households/household.entity.js';
import { householdFilter } from '../../users/households/household-scope.js';
import { RATING_SCALES, User } from '../../users/user.entity.js';
import { FlightItem } from '../flight-item.entity.js';
import { Participant } from '../participant.entity.js';
import { TastingSession } from '../tasting-session.entity.js';

const TastingNoteSchema = defineEntity({
  name: 'TastingNote',
  tableName: 'tasting_note',
  filters: householdFilter(),
  uniques: [{ properties: ['flightItem', 'participant'] }],
  indexes: [{ properties: ['household', 'whisky'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    household: () => p.manyToOne(Household),
    whisky: () => p.manyToOne(Whisky).deleteRule('cascade'),
    /** Null for a note taken at home, outside any session. */
    session: () => p.manyToOne(TastingSession).nullable().index().deleteRule('cascade'),
    flightItem: () => p.manyToOne(FlightItem).nullable().deleteRule('cascade'),
    participant: () => p.manyToOne(Participant).nullable().deleteRule('cascade'),
    /** The member who wrote it; null for a guest's note. */
    author: () => p.manyToOne(User).nullable().deleteRule('cascade'),
    nose: p.text().nullable(),
    palate: p.text().nullable(),
    finish: p.text().nullable(),
    overall: p.text().nullable(),
    /** Normalised 0–100, whatever scale the author used. */
    score: p.decimal('number').precision(4).scale(1).nullable().check('score >= 0 and score <= 100'),
    scoreScale: p.enum(RATING_SCALES).nullable(),
    /** Slugs of the flavour vocabulary. */
    flavourTags: p.array().default([]),
    /** The author's own words for what the vocabulary lacks. */
    freeTags: p.array().default([]),
    servedMl: p.decimal('number').precision(6).scale(1).nullable(),
    /** In a blind session: the participant's guess of what the sample is. */
    guessWhisky: () => p.manyToOne(Whisky).nullable().deleteRule('set null'),
    guessText: p.string().length(200).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

/** What someone thought of a whisky: in a session (one per participant and sample) or at home. */
export class TastingNote extends TastingNoteSchema.class {}
TastingNoteSchema.setClass(TastingNote);
