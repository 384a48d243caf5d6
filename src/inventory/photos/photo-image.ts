import { availableParallelism } from 'node:os';
import sharp from 'sharp';
import { concurrencyLimit } from '../../common/concurrency-limit.js';
import { InvalidError, UnsupportedMediaTypeError } from '../../common/errors/domain-error.js';
import type { PhotoFormat } from './photo.entity.js';

/** Long side of the stored original; larger uploads are scaled down. */
export const ORIGINAL_MAX_SIDE = 2560;
/** Decoding more pixels than this (100 megapixels) is refused: a pixel-flood "image bomb". */
export const MAX_INPUT_PIXELS = 100_000_000;
/** Thumbnail sizes (long side, px), stored as WebP. */
export const THUMBNAIL_SIZES = [256, 768] as const;
export type ThumbnailSize = (typeof THUMBNAIL_SIZES)[number];

// libvips keeps recent operations cached; a photo is processed once, so the cache only holds memory.
sharp.cache(false);

/**
 * Decoding a 12-megapixel upload takes ~40 MB; uploads arriving together take turns, so memory stays
 * bounded on a small machine (a Raspberry Pi) instead of growing with the number of uploads.
 */
const decoding = concurrencyLimit(Math.max(1, Math.min(2, availableParallelism())));

/** MIME type of each stored format. */
export const PHOTO_CONTENT_TYPES: Record<PhotoFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
};

/** An image as stored: the optimised original of an upload. */
export interface OptimisedImage {
  data: Buffer;
  format: PhotoFormat;
  width: number;
  height: number;
}

const startsWith = (data: Buffer, bytes: number[], offset = 0) =>
  bytes.every((byte, index) => data[offset + index] === byte);

/**
 * The image format of `data`, decided by its magic bytes (never by file name or declared type):
 * JPEG, PNG, WebP or AVIF. Anything else, HEIC included (this server's image library cannot
 * decode it), is refused with 415.
 */
export function detectPhotoFormat(data: Buffer): PhotoFormat {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (
    data.subarray(0, 4).toString('latin1') === 'RIFF' &&
    data.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    return 'webp';
  }
  if (data.subarray(4, 8).toString('latin1') === 'ftyp') {
    const brands = data.subarray(8, Math.min(data.length, 64)).toString('latin1');
    if (/avi[fs]/.test(brands)) return 'avif';
    if (/hei[cxms]|hev[cx]/.test(brands)) {
      throw new UnsupportedMediaTypeError('HEIC photos are not supported here: send JPEG, PNG, WebP or AVIF');
    }
  }
  throw new UnsupportedMediaTypeError('Not an image this server reads: send JPEG, PNG, WebP or AVIF');
}

/**
 * Turns an upload into the stored original: the pixel count is checked from the header before any
 * decoding (bombs are refused with 422), the image is rotated upright by its EXIF orientation,
 * scaled to at most {@link ORIGINAL_MAX_SIDE} px, and written again WITHOUT any metadata (EXIF, GPS,
 * XMP, IPTC are dropped; only the colours are kept, as sRGB).
 */
export function optimiseOriginal(upload: Buffer): Promise<OptimisedImage> {
  return decoding(() => optimise(upload));
}

async function optimise(upload: Buffer): Promise<OptimisedImage> {
  const format = detectPhotoFormat(upload);
  const header = await sharp(upload, { limitInputPixels: false })
    .metadata()
    .catch((error: unknown) => {
      throw new InvalidError(`The image cannot be read: ${(error as Error).message}`);
    });
  const pixels = (header.width ?? 0) * (header.height ?? 0);
  if (pixels === 0 || pixels > MAX_INPUT_PIXELS) {
    throw new InvalidError(
      `The image is ${header.width ?? 0}×${header.height ?? 0} pixels; at most ${MAX_INPUT_PIXELS / 1e6} megapixels are accepted`,
    );
  }
  const pipeline = sharp(upload, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
    .autoOrient()
    .resize({ width: ORIGINAL_MAX_SIDE, height: ORIGINAL_MAX_SIDE, fit: 'inside', withoutEnlargement: true });
  const encoded = {
    jpeg: () => pipeline.jpeg({ quality: 88, mozjpeg: true }),
    png: () => pipeline.png({ compressionLevel: 9 }),
    webp: () => pipeline.webp({ quality: 88 }),
    avif: () => pipeline.avif({ quality: 70 }),
  }[format]();
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true }).catch((error: unknown) => {
    throw new InvalidError(`The image cannot be decoded: ${(error as Error).message}`);
  });
  return { data, format, width: info.width, height: info.height };
}

/** A WebP thumbnail of a stored original, at most `size` px on its long side. */
export function makeThumbnail(original: Buffer, size: ThumbnailSize): Promise<Buffer> {
  return decoding(() =>
    sharp(original, { limitInputPixels: MAX_INPUT_PIXELS })
      .resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer(),
  );
}
