import {
  assertValidKey,
  assertValidPrefix,
  folderOf,
  temporaryUploadKey,
  UPLOADS_FOLDER,
} from './storage-key.js';
import { InvalidStorageKeyError } from './storage.errors.js';

describe('storage keys', () => {
  it.each(
    [
      'a',
      'photos/ab/abcdef0123.webp',
      'backups/2026-11-27T03:00:00Z/manifest.json.age',
      'Ardbeg Uigeadail – 2024 (fût ß).jpg',
      '.connection-test/probe',
      'a/.whiskey-uploads/not-at-the-top',
      [255, 255, 255, 254].map((length) => 'x'.repeat(length)).join('/'),
      'é'.repeat(127),
    ].map((key) => [JSON.stringify(key).slice(0, 50), key]),
  )('accepts %s', (_label, key) => {
    expect(() => assertValidKey(key)).not.toThrow();
  });

  it.each(
    (
      [
        ['', /empty/],
        ['/etc/passwd', /absolute/],
        ['..', /\.\. segment/],
        ['photos/../../etc/passwd', /\.\. segment/],
        ['photos/./a.jpg', /\. or \.\. segment/],
        ['photos//a.jpg', /empty segment/],
        ['photos/', /empty segment/],
        ['photos\\a.jpg', /backslash/],
        ['C:\\Windows', /backslash/],
        ['photos/a\u0000.jpg', /control character/],
        ['photos/a\n.jpg', /control character/],
        ['photos/a\u007f.jpg', /control character/],
        ['x'.repeat(1025), /longer than 1024 bytes/],
        ['é'.repeat(513), /longer than 1024 bytes/],
        [`photos/${'y'.repeat(256)}`, /segment is longer than 255 bytes/],
        [`${UPLOADS_FOLDER}/abc`, /reserved/],
        [UPLOADS_FOLDER, /reserved/],
      ] satisfies [string, RegExp][]
    ).map(([key, reason]) => [JSON.stringify(key).slice(0, 50), key, reason] as const),
  )('refuses %s', (_label, key, reason) => {
    expect(() => assertValidKey(key)).toThrow(InvalidStorageKeyError);
    expect(() => assertValidKey(key)).toThrow(reason);
  });

  it('refuses what is not a string', () => {
    expect(() => assertValidKey(42 as unknown as string)).toThrow(InvalidStorageKeyError);
  });

  it('accepts as list prefixes the empty prefix, keys, folders and partial names', () => {
    for (const prefix of ['', 'photos', 'photos/', 'photos/ab', '.connection-test/']) {
      expect(() => assertValidPrefix(prefix)).not.toThrow();
    }
    for (const prefix of ['/', '../', 'photos//', 'a/../b/', `${UPLOADS_FOLDER}/`]) {
      expect(() => assertValidPrefix(prefix)).toThrow(InvalidStorageKeyError);
    }
  });

  it('gives the folder of a key or prefix', () => {
    expect(folderOf('a/b/c.jpg')).toBe('a/b/');
    expect(folderOf('a/b/')).toBe('a/b/');
    expect(folderOf('a/b')).toBe('a/');
    expect(folderOf('c.jpg')).toBe('');
    expect(folderOf('')).toBe('');
  });

  it('names uploads in progress inside the reserved folder, uniquely', () => {
    const first = temporaryUploadKey();
    expect(first.startsWith(`${UPLOADS_FOLDER}/`)).toBe(true);
    expect(temporaryUploadKey()).not.toBe(first);
  });
});
