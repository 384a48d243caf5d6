import { API_PREFIX } from '../../../common/http/route-prefix.js';
import type { Photo, PhotoFormat, PhotoState } from '../photo.entity.js';
import type { PhotoVariant } from '../photo-blobs.js';

/** The API collection a photo's owner lives in. */
export type PhotoOwnerPath = 'bottles' | 'whiskies';

/** Where one file of a photo is served, e.g. `/api/v1/bottles/<bottle>/photos/<photo>/thumb-256`. */
export function photoFileUrl(
  owner: PhotoOwnerPath,
  ownerId: string,
  photoId: string,
  variant: PhotoVariant,
): string {
  return `/${API_PREFIX}/${owner}/${ownerId}/photos/${photoId}/${variant}`;
}

/** Where a photo's files are served (each requires the same authentication as the API). */
export class PhotoUrlsDto {
  /** The optimised original (at most 2560 px, no metadata). @example "/api/v1/bottles/0195…/photos/0196…/original" */
  original: string;
  /** 256 px WebP thumbnail (once the photo is ready). */
  thumb256: string;
  /** 768 px WebP preview (once the photo is ready). */
  thumb768: string;
}

/** A photo of a whisky or bottle. */
export class PhotoDto {
  id: string;
  /** `processing` until the thumbnails exist (a few seconds), then `ready`; `failed` if they could not be made. */
  state: PhotoState;
  format: PhotoFormat;
  /** @example "image/jpeg" */
  contentType: string;
  /** Width of the stored original in px. @example 1920 */
  width: number;
  /** @example 2560 */
  height: number;
  /** Size of the stored original in bytes. */
  sizeBytes: number;
  /** Shown for its whisky or bottle in lists. */
  cover: boolean;
  createdAt: Date;
  urls: PhotoUrlsDto;

  static from(photo: Photo, contentType: string, owner: PhotoOwnerPath, ownerId: string): PhotoDto {
    const url = (variant: PhotoVariant) => photoFileUrl(owner, ownerId, photo.id, variant);
    return Object.assign(new PhotoDto(), {
      id: photo.id,
      state: photo.state,
      format: photo.format,
      contentType,
      width: photo.width,
      height: photo.height,
      sizeBytes: photo.sizeBytes,
      cover: photo.cover,
      createdAt: photo.createdAt,
      urls: { original: url('original'), thumb256: url('thumb-256'), thumb768: url('thumb-768') },
    });
  }
}
