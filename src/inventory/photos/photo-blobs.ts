import type { PhotoFormat } from './photo.entity.js';
import type { ThumbnailSize } from './photo-image.js';

/** The files of a photo: its optimised original and two WebP thumbnails. */
export const PHOTO_VARIANTS = ['original', 'thumb-256', 'thumb-768'] as const;
export type PhotoVariant = (typeof PHOTO_VARIANTS)[number];

/** Where every photo blob lives in the photo storage. */
export const PHOTO_PREFIX = 'photos/';

/** The variant holding the thumbnail of `size`. */
export function thumbnailVariant(size: ThumbnailSize): PhotoVariant {
  return `thumb-${size}`;
}

/**
 * Storage key of a photo's variant, addressed by the SHA-256 of its original: the same image
 * uploaded twice (or for two bottles) is stored once, and backups copy each blob once.
 * e.g. `photos/ab/ab12…ef/original.jpeg`, `photos/ab/ab12…ef/thumb-256.webp`.
 */
export function photoBlobKey(sha256: string, variant: PhotoVariant, format: PhotoFormat): string {
  const file = variant === 'original' ? `original.${format}` : `${variant}.webp`;
  return `${PHOTO_PREFIX}${sha256.slice(0, 2)}/${sha256}/${file}`;
}

/** The SHA-256 a blob key is addressed by, or null for keys that are not photo blobs. */
export function photoBlobHash(key: string): string | null {
  return /^photos\/[0-9a-f]{2}\/([0-9a-f]{64})\//.exec(key)?.[1] ?? null;
}
