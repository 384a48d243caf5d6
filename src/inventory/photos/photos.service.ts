import { QueryOrder } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { QUEUES, type TypedQueue } from '../../jobs/queues.js';
import type { StoredObjectInfo } from '../../storage/storage-provider.js';
import type { Principal } from '../../users/auth/principal.js';
import { Household } from '../../users/households/household.entity.js';
import { Bottle } from '../bottles/bottle.entity.js';
import { Whisky } from '../whiskies/whisky.entity.js';
import {
  PHOTO_PREFIX,
  photoBlobHash,
  photoBlobKey,
  thumbnailVariant,
  type PhotoVariant,
} from './photo-blobs.js';
import { makeThumbnail, optimiseOriginal, PHOTO_CONTENT_TYPES, THUMBNAIL_SIZES } from './photo-image.js';
import { PhotoStorage } from './photo-storage.js';
import { Photo } from './photo.entity.js';

/** What a photo belongs to: a whisky (label, box) or one bottle. */
export interface PhotoOwner {
  kind: 'whisky' | 'bottle';
  id: string;
}

/** One variant of a photo, opened for sending. */
export interface PhotoFile {
  stream: Readable;
  contentType: string;
  /** Size of the whole variant (the stream may carry only a range of it). */
  size: number;
  /** Strong validator: variants never change once written (content-addressed). */
  etag: string;
}

/** Unreferenced blobs younger than this are left alone: their photo row may still be on its way. */
const GC_GRACE_MS = 60 * 60 * 1000;

function ownerWhere(owner: PhotoOwner) {
  return owner.kind === 'bottle' ? { bottle: owner.id } : { whisky: owner.id };
}

/**
 * Photos of whiskies and bottles: uploads are checked and stripped of metadata here, stored by
 * content in the photo storage, and get their thumbnails from the `photos` queue.
 */
@Injectable()
export class PhotosService {
  constructor(
    private readonly em: EntityManager,
    private readonly storage: PhotoStorage,
    @InjectQueue(QUEUES.photos) private readonly queue: TypedQueue<'photos'>,
  ) {}

  /**
   * Stores an uploaded image for `owner` (404 when the caller cannot see it): 415 unless it is
   * JPEG/PNG/WebP/AVIF by its bytes, 422 for a pixel bomb or undecodable data. The photo is
   * `processing` until the thumbnail job has run; the first photo of an owner becomes its cover.
   */
  async upload(principal: Principal, owner: PhotoOwner, upload: Buffer): Promise<Photo> {
    await this.assertOwner(owner);
    const image = await optimiseOriginal(upload);
    const sha256 = createHash('sha256').update(image.data).digest('hex');
    const store = await this.storage.get();
    const key = photoBlobKey(sha256, 'original', image.format);
    if (!(await store.stat(key))) {
      await store.put(key, Readable.from([image.data]), {
        size: image.data.length,
        contentType: PHOTO_CONTENT_TYPES[image.format],
      });
    }
    const photo = await this.em.transactional(async (em) => {
      const hasCover = (await em.count(Photo, { ...ownerWhere(owner), cover: true })) > 0;
      const created = em.create(Photo, {
        household: em.getReference(Household, principal.householdId),
        bottle: owner.kind === 'bottle' ? em.getReference(Bottle, owner.id) : null,
        whisky: owner.kind === 'whisky' ? em.getReference(Whisky, owner.id) : null,
        sha256,
        format: image.format,
        width: image.width,
        height: image.height,
        sizeBytes: image.data.length,
        state: 'processing',
        cover: !hasCover,
      });
      await em.flush();
      return created;
    });
    await this.queue.add('thumbnails', { photoId: photo.id }, { jobId: `thumbnails:${photo.id}` });
    return photo;
  }

  /** The owner's photos, cover first, then newest first. */
  async list(owner: PhotoOwner): Promise<Photo[]> {
    await this.assertOwner(owner);
    return this.em.find(Photo, ownerWhere(owner), {
      orderBy: { cover: QueryOrder.DESC, createdAt: QueryOrder.DESC },
    });
  }

  /** One photo of the owner; 404 when it does not exist or belongs to something else. */
  async get(owner: PhotoOwner, photoId: string): Promise<Photo> {
    const photo = await this.em.findOne(Photo, { id: photoId, ...ownerWhere(owner) });
    if (!photo) throw new NotFoundError(`Photo ${photoId} does not exist`);
    return photo;
  }

  /** Makes the photo its owner's cover (the one lists show); the previous cover stops being one. */
  async setCover(owner: PhotoOwner, photoId: string): Promise<Photo> {
    return this.em.transactional(async (em) => {
      const photo = await em.findOne(Photo, { id: photoId, ...ownerWhere(owner) });
      if (!photo) throw new NotFoundError(`Photo ${photoId} does not exist`);
      await em.nativeUpdate(Photo, { ...ownerWhere(owner), cover: true }, { cover: false });
      photo.cover = true;
      await em.flush();
      return photo;
    });
  }

  /** Removes the photo; when it was the cover, the newest remaining photo takes its place. Its blobs go with the next clean-up. */
  async delete(owner: PhotoOwner, photoId: string): Promise<void> {
    await this.em.transactional(async (em) => {
      const photo = await em.findOne(Photo, { id: photoId, ...ownerWhere(owner) });
      if (!photo) throw new NotFoundError(`Photo ${photoId} does not exist`);
      em.remove(photo);
      await em.flush();
      if (!photo.cover) return;
      const next = await em.findOne(Photo, ownerWhere(owner), { orderBy: { createdAt: QueryOrder.DESC } });
      if (next) next.cover = true;
      await em.flush();
    });
  }

  /**
   * Opens one variant of a photo (the bytes of `range` only, when given). Thumbnails of a photo that is
   * still processing answer 404 with the reason.
   */
  async open(
    owner: PhotoOwner,
    photoId: string,
    variant: PhotoVariant,
    range?: (info: StoredObjectInfo) => { start: number; end: number } | null,
  ): Promise<PhotoFile & { range: { start: number; end: number } | null }> {
    const photo = await this.get(owner, photoId);
    if (variant !== 'original' && photo.state !== 'ready') {
      throw new NotFoundError(`The thumbnails of photo ${photoId} are not ready (it is ${photo.state})`);
    }
    const store = await this.storage.get();
    const key = photoBlobKey(photo.sha256, variant, photo.format);
    const info = await store.stat(key);
    if (!info) throw new NotFoundError(`The ${variant} of photo ${photoId} is missing from storage`);
    const wanted = range?.(info) ?? null;
    return {
      stream: await store.get(key, wanted ?? undefined),
      contentType: variant === 'original' ? PHOTO_CONTENT_TYPES[photo.format] : 'image/webp',
      size: info.size,
      etag: `"${photo.sha256.slice(0, 32)}-${variant}"`,
      range: wanted,
    };
  }

  /**
   * Job: writes the missing thumbnails of a photo and marks it ready. Runs outside any request, so it
   * looks across households; a photo deleted meanwhile is simply skipped.
   */
  async makeThumbnails(photoId: string): Promise<void> {
    const em = this.em.fork();
    const photo = await em.findOne(Photo, photoId, { filters: false });
    if (!photo) return;
    const store = await this.storage.get();
    let original: Buffer | undefined;
    for (const size of THUMBNAIL_SIZES) {
      const key = photoBlobKey(photo.sha256, thumbnailVariant(size), photo.format);
      if (await store.stat(key)) continue;
      original ??= await buffer(await store.get(photoBlobKey(photo.sha256, 'original', photo.format)));
      const thumbnail = await makeThumbnail(original, size);
      await store.put(key, Readable.from([thumbnail]), { size: thumbnail.length, contentType: 'image/webp' });
    }
    await em.nativeUpdate(Photo, { id: photoId }, { state: 'ready' }, { filters: false });
  }

  /** Job: the thumbnails could not be made after every retry. */
  async markFailed(photoId: string): Promise<void> {
    await this.em.fork().nativeUpdate(Photo, { id: photoId }, { state: 'failed' }, { filters: false });
  }

  /**
   * Job: deletes the blobs no photo refers to any more (deleted photos, bottles and whiskies), except
   * those written in the last hour, whose photo may still be being saved. Returns how many it deleted.
   */
  async collectGarbage(graceMs = GC_GRACE_MS): Promise<number> {
    const rows = await this.em
      .fork()
      .getConnection()
      .execute<{ sha256: string }[]>('select distinct sha256 from photo');
    const referenced = new Set(rows.map((row) => row.sha256));
    const store = await this.storage.get();
    const cutoff = Date.now() - graceMs;
    let deleted = 0;
    for await (const object of store.list(PHOTO_PREFIX)) {
      const sha256 = photoBlobHash(object.key);
      if (!sha256 || referenced.has(sha256) || object.modifiedAt.getTime() > cutoff) continue;
      await store.delete(object.key);
      deleted += 1;
    }
    return deleted;
  }

  private async assertOwner(owner: PhotoOwner): Promise<void> {
    const found =
      owner.kind === 'bottle'
        ? await this.em.count(Bottle, { id: owner.id })
        : await this.em.count(Whisky, { id: owner.id });
    if (!found)
      throw new NotFoundError(`${owner.kind === 'bottle' ? 'Bottle' : 'Whisky'} ${owner.id} does not exist`);
  }
}
