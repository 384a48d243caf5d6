import { MikroORM } from '@mikro-orm/postgresql';
import sharp from 'sharp';
import { PhotosService } from '../../src/inventory/photos/photos.service.js';
import { Photo } from '../../src/inventory/photos/photo.entity.js';
import { StorageService } from '../../src/storage/storage.service.js';
import { addMember, bearer, openRegistration, registerUser, type SignedIn } from '../factories/users.js';
import { pngBomb } from '../factories/images.js';
import { multipartBody } from '../factories/uploads.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const PROBLEM = /^application\/problem\+json/;

interface PhotoBody {
  id: string;
  state: 'processing' | 'ready' | 'failed';
  format: string;
  contentType: string;
  width: number;
  height: number;
  sizeBytes: number;
  cover: boolean;
  urls: { original: string; thumb256: string; thumb768: string };
}

/** A 1200×800 JPEG shot "rotated 90° clockwise", with a camera make and a GPS position in its EXIF. */
function jpegWithGps(background = '#a05a2c'): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'LeakyCam' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '55/1 50/1 0/1',
        GPSLongitudeRef: 'W',
        GPSLongitude: '6/1 11/1 0/1',
      },
    })
    .toBuffer();
}

describe('photos', () => {
  let t: TestApp;
  let admin: SignedIn;
  let reader: SignedIn;
  let stranger: SignedIn;
  let whiskyId: string;
  let bottleId: string;

  beforeAll(async () => {
    t = await createTestApp({ PHOTO_MAX_MB: '1', LOG_LEVEL: 'error' });
    admin = await registerUser(t.app, { displayName: 'Ada' });
    reader = await addMember(t.app, admin, 'read_only', 'reader');
    await openRegistration(t.app, admin);
    stranger = await registerUser(t.app, { displayName: 'Stranger' });
    const whisky = await t.app.inject({
      method: 'POST',
      url: '/api/v1/whiskies',
      headers: bearer(admin.accessToken),
      payload: { name: 'Lagavulin 16', style: 'single_malt', abv: 43 },
    });
    whiskyId = whisky.json<{ id: string }>().id;
    const bottle = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bottles',
      headers: bearer(admin.accessToken),
      payload: { whiskyId },
    });
    bottleId = bottle.json<{ id: string }>().id;
  });
  afterAll(async () => {
    await t.close();
  });

  async function upload(owner: string, file: Buffer, who: SignedIn = admin, fileName = 'photo.jpg') {
    const { payload, contentType } = await multipartBody(file, { fileName });
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/${owner}/photos`,
      headers: { ...bearer(who.accessToken), 'content-type': contentType },
      payload,
    });
  }

  function get(url: string, who: SignedIn = admin, headers: Record<string, string> = {}) {
    return t.app.inject({ method: 'GET', url, headers: { ...bearer(who.accessToken), ...headers } });
  }

  async function whenReady(photo: PhotoBody, owner: string): Promise<PhotoBody> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const current = (await get(`/api/v1/${owner}/photos/${photo.id}`)).json<PhotoBody>();
      if (current.state !== 'processing') return current;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`photo ${photo.id} stayed processing`);
  }

  async function photoCount(): Promise<number> {
    return t.app.get(MikroORM).em.fork().count(Photo, {}, { filters: false });
  }

  it('stores a JPEG upright and without any EXIF (no GPS), answers 202 processing, then makes the thumbnails', async () => {
    const res = await upload(`bottles/${bottleId}`, await jpegWithGps());
    expect(res.statusCode).toBe(202);
    const photo = res.json<PhotoBody>();
    expect(photo).toMatchObject({
      state: 'processing',
      format: 'jpeg',
      contentType: 'image/jpeg',
      cover: true,
    });
    // Orientation 6 means "rotate 90° clockwise": the stored image is portrait.
    expect({ width: photo.width, height: photo.height }).toEqual({ width: 800, height: 1200 });

    const original = await get(photo.urls.original);
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('image/jpeg');
    const stored = await sharp(original.rawPayload).metadata();
    expect({ exif: stored.exif, xmp: stored.xmp, iptc: stored.iptc }).toEqual({
      exif: undefined,
      xmp: undefined,
      iptc: undefined,
    });
    expect(original.rawPayload.includes(Buffer.from('LeakyCam'))).toBe(false);

    const ready = await whenReady(photo, `bottles/${bottleId}`);
    expect(ready.state).toBe('ready');
    for (const [url, longSide] of [
      [ready.urls.thumb256, 256],
      [ready.urls.thumb768, 768],
    ] as const) {
      const thumb = await get(url);
      expect({ url, status: thumb.statusCode, type: thumb.headers['content-type'] }).toEqual({
        url,
        status: 200,
        type: 'image/webp',
      });
      const size = await sharp(thumb.rawPayload).metadata();
      expect(Math.max(size.width, size.height)).toBe(longSide);
      expect(size.exif).toBeUndefined();
    }
  });

  it('refuses a text file named .jpg with 415 and stores nothing', async () => {
    const before = await photoCount();
    const res = await upload(
      `bottles/${bottleId}`,
      Buffer.from('just some text, honestly a JPEG\n'),
      admin,
      'x.jpg',
    );
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(await photoCount()).toBe(before);
  });

  it('refuses a 20000×20000 pixel bomb with 422 from its header, and a file over PHOTO_MAX_MB with 413', async () => {
    const bomb = await upload(`bottles/${bottleId}`, pngBomb(), admin, 'bomb.png');
    expect(bomb.statusCode).toBe(422);
    expect(bomb.json<{ detail: string }>().detail).toContain('20000×20000');
    const large = await upload(`bottles/${bottleId}`, Buffer.alloc(1024 * 1024 + 1, 0xff));
    expect(large.statusCode).toBe(413);
    expect(large.headers['content-type']).toMatch(PROBLEM);
  });

  it('serves files with ETag (304), long private caching and byte ranges (206, 416)', async () => {
    const [photo] = (await get(`/api/v1/bottles/${bottleId}/photos`)).json<PhotoBody[]>();
    const whole = await get(photo.urls.original);
    expect(whole.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    const etag = String(whole.headers.etag);
    expect((await get(photo.urls.original, admin, { 'if-none-match': etag })).statusCode).toBe(304);

    const part = await get(photo.urls.original, admin, { range: 'bytes=0-99' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-99/${photo.sizeBytes}`);
    expect(part.rawPayload).toEqual(whole.rawPayload.subarray(0, 100));

    const tail = await get(photo.urls.original, admin, { range: 'bytes=-10' });
    expect(tail.rawPayload).toEqual(whole.rawPayload.subarray(photo.sizeBytes - 10));

    const outside = await get(photo.urls.original, admin, { range: `bytes=${photo.sizeBytes}-` });
    expect(outside.statusCode).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${photo.sizeBytes}`);

    expect((await get(`/api/v1/bottles/${bottleId}/photos/${photo.id}/poster`)).statusCode).toBe(400);
  });

  it('requires sign-in, hides other households (404) and lets read-only members look but not upload', async () => {
    const [photo] = (await get(`/api/v1/bottles/${bottleId}/photos`)).json<PhotoBody[]>();
    const anonymous = await t.app.inject({ method: 'GET', url: photo.urls.thumb256 });
    expect(anonymous.statusCode).toBe(401);
    for (const url of [`/api/v1/bottles/${bottleId}/photos`, photo.urls.original]) {
      expect({ url, status: (await get(url, stranger)).statusCode }).toEqual({ url, status: 404 });
    }
    expect((await upload(`bottles/${bottleId}`, await jpegWithGps(), stranger)).statusCode).toBe(404);
    expect((await get(photo.urls.thumb768, reader)).statusCode).toBe(200);
    expect((await upload(`bottles/${bottleId}`, await jpegWithGps(), reader)).statusCode).toBe(403);
  });

  it('keeps one cover per owner: the first photo, then the chosen one, then the newest when the cover goes', async () => {
    const second = (await upload(`bottles/${bottleId}`, await jpegWithGps('#224466'))).json<PhotoBody>();
    expect(second.cover).toBe(false);
    const covered = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bottles/${bottleId}/photos/${second.id}/cover`,
      headers: bearer(admin.accessToken),
    });
    expect(covered.json<PhotoBody>().cover).toBe(true);
    let photos = (await get(`/api/v1/bottles/${bottleId}/photos`)).json<PhotoBody[]>();
    expect(photos.map((photo) => [photo.id, photo.cover])).toEqual([
      [second.id, true],
      [photos[1].id, false],
    ]);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/bottles/${bottleId}/photos/${second.id}`,
      headers: bearer(admin.accessToken),
    });
    expect(removed.statusCode).toBe(204);
    photos = (await get(`/api/v1/bottles/${bottleId}/photos`)).json<PhotoBody[]>();
    expect(photos).toHaveLength(1);
    expect(photos[0].cover).toBe(true);
  });

  it("shows the bottle's cover thumbnail in the bottle list and on the bottle, once it is ready", async () => {
    const coverOf = async () => {
      const list = (await get('/api/v1/bottles')).json<{
        data: { id: string; coverThumbnail: string | null }[];
      }>();
      const one = (await get(`/api/v1/bottles/${bottleId}`)).json<{ coverThumbnail: string | null }>();
      return {
        inList: list.data.find((bottle) => bottle.id === bottleId)?.coverThumbnail,
        onBottle: one.coverThumbnail,
      };
    };
    const photos = (await get(`/api/v1/bottles/${bottleId}/photos`)).json<PhotoBody[]>();
    const cover = await whenReady(
      photos.find((photo) => photo.cover)!,
      `bottles/${bottleId}`,
    );
    expect(await coverOf()).toEqual({ inList: cover.urls.thumb256, onBottle: cover.urls.thumb256 });
    expect((await get(cover.urls.thumb256)).headers['content-type']).toBe('image/webp');

    const fresh = (await upload(`bottles/${bottleId}`, await jpegWithGps('#663311'))).json<PhotoBody>();
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/bottles/${bottleId}/photos/${fresh.id}/cover`,
      headers: bearer(admin.accessToken),
    });
    const ready = await whenReady(fresh, `bottles/${bottleId}`);
    expect(await coverOf()).toEqual({ inList: ready.urls.thumb256, onBottle: ready.urls.thumb256 });

    for (const photo of (await get(`/api/v1/bottles/${bottleId}/photos`)).json<PhotoBody[]>()) {
      await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/bottles/${bottleId}/photos/${photo.id}`,
        headers: bearer(admin.accessToken),
      });
    }
    expect(await coverOf()).toEqual({ inList: null, onBottle: null });
  });

  it('stores an identical image once, and cleans up blobs only when no photo uses them any more', async () => {
    const image = await jpegWithGps('#336633');
    const onBottle = await whenReady(
      (await upload(`bottles/${bottleId}`, image)).json<PhotoBody>(),
      `bottles/${bottleId}`,
    );
    const onWhisky = await whenReady(
      (await upload(`whiskies/${whiskyId}`, image)).json<PhotoBody>(),
      `whiskies/${whiskyId}`,
    );
    expect(onWhisky.sizeBytes).toBe(onBottle.sizeBytes);

    const storage = await t.app.get(StorageService).openDefault();
    const blobs = async () => {
      const keys: string[] = [];
      for await (const object of storage.list('photos/')) keys.push(object.key);
      return keys.sort();
    };
    const photos = t.app.get(PhotosService);
    const before = await blobs();

    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/bottles/${bottleId}`,
      headers: bearer(admin.accessToken),
    });
    expect(deleted.statusCode).toBe(204);
    expect((await get(`/api/v1/bottles/${bottleId}/photos`)).statusCode).toBe(404);
    expect(await photoCount()).toBe(1);

    // Deleting the bottle's photos left the whisky's (same bytes) in place: only the others' blobs go.
    const removed = await photos.collectGarbage(0);
    const after = await blobs();
    expect(removed).toBe(before.length - after.length);
    expect(after).toHaveLength(3);
    expect((await get(onWhisky.urls.original)).statusCode).toBe(200);
    expect((await get(onWhisky.urls.thumb256)).statusCode).toBe(200);
    await storage.close();
  });
});
