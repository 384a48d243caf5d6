import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Household } from '../../users/households/household.entity.js';
import { householdFilter } from '../../users/households/household-scope.js';
import { Bottle } from '../bottles/bottle.entity.js';
import { Whisky } from '../whiskies/whisky.entity.js';

/** `processing` until the thumbnails exist; `failed` when they could not be made. */
export const PHOTO_STATES = ['processing', 'ready', 'failed'] as const;
export type PhotoState = (typeof PHOTO_STATES)[number];

/** Image formats a photo is stored in (its optimised original keeps the uploaded format). */
export const PHOTO_FORMATS = ['jpeg', 'png', 'webp', 'avif'] as const;
export type PhotoFormat = (typeof PHOTO_FORMATS)[number];

const PhotoSchema = defineEntity({
  name: 'Photo',
  tableName: 'photo',
  filters: householdFilter(),
  indexes: [{ properties: ['sha256'] }],
  checks: [{ name: 'photo_one_owner', expression: '(whisky_id is null) <> (bottle_id is null)' }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    household: () => p.manyToOne(Household),
    /** The whisky it shows (a label, a box), or null when it belongs to a bottle. */
    whisky: () => p.manyToOne(Whisky).nullable().index().deleteRule('cascade'),
    /** The bottle it shows, or null when it belongs to a whisky. Deleting the bottle deletes the photo. */
    bottle: () => p.manyToOne(Bottle).nullable().index().deleteRule('cascade'),
    /** SHA-256 of the optimised original: the blobs' address in storage, shared by identical photos. */
    sha256: p.string().length(64),
    format: p.enum(PHOTO_FORMATS),
    width: p.integer(),
    height: p.integer(),
    /** Size of the optimised original in bytes. */
    sizeBytes: p.integer(),
    state: p.enum(PHOTO_STATES).default('processing'),
    /** The photo shown for its whisky or bottle in lists; at most one per owner. */
    cover: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** A photo of a whisky or a bottle; its bytes live in storage, addressed by content. */
export class Photo extends PhotoSchema.class {}
PhotoSchema.setClass(Photo);
