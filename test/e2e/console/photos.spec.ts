// page.waitForFunction callbacks run in the browser:
/// <reference lib="dom" />
import sharp from 'sharp';
import { addMember, bearer, PASSWORD, registerUser, type SignedIn } from '../../factories/users.js';
import type { Page } from 'playwright-core';
import { openConsole, PHONE, signIn, type ConsoleBrowser } from '../../setup/console-browser.js';

/**
 * Drops files on the gallery as a desktop drag from the file manager would: dragenter, dragover and
 * drop events carrying a DataTransfer with the files.
 */
async function dropFiles(page: Page, files: { name: string; type: string; bytes: Buffer }[]): Promise<void> {
  const zone = page.getByTestId('photo-drop-zone');
  const transfer = await page.evaluateHandle(
    (list) => {
      const data = new DataTransfer();
      for (const file of list) {
        const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
        data.items.add(new File([bytes], file.name, { type: file.type }));
      }
      return data;
    },
    files.map((file) => ({ name: file.name, type: file.type, base64: file.bytes.toString('base64') })),
  );
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await zone.dispatchEvent(type, { dataTransfer: transfer });
  }
}

/** Whether the image with this alt text has loaded at `width` px wide. */
function loadedAt(page: Page, alt: string, width: number) {
  return page.waitForFunction(
    ([text, expected]) => {
      const image = document.querySelector<HTMLImageElement>(`img[alt="${text}"]`);
      return Boolean(image?.complete && image.naturalWidth === expected);
    },
    [alt, width] as const,
  );
}

describe('Console: bottle photos', () => {
  let c: ConsoleBrowser;
  let owner: SignedIn;
  let bottleId: string;

  beforeAll(async () => {
    c = await openConsole();
    owner = await registerUser(c.t.app, { displayName: 'Photographer' });
    const whisky = await c.t.app.inject({
      method: 'POST',
      url: '/api/v1/whiskies',
      headers: bearer(owner.accessToken),
      payload: { name: 'Springbank 10', style: 'single_malt', abv: 46 },
    });
    const bottle = await c.t.app.inject({
      method: 'POST',
      url: '/api/v1/bottles',
      headers: bearer(owner.accessToken),
      payload: { whiskyId: whisky.json<{ id: string }>().id },
    });
    bottleId = bottle.json<{ id: string }>().id;
  }, 60_000);
  afterAll(async () => {
    await c?.close();
  });

  it('uploads a photo on the bottle page and shows its thumbnail once processed', async () => {
    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#b5651d' } })
      .jpeg()
      .toBuffer();
    await signIn(c.page, owner.user.email, PASSWORD);
    await c.page.goto(`/admin/bottles/${bottleId}/show`);
    const photos = c.page.getByRole('region', { name: 'Photos' });
    await photos.getByText('No photos yet.').waitFor();
    await photos
      .locator('input[type=file]')
      .setInputFiles({ name: 'label.jpg', mimeType: 'image/jpeg', buffer: photo });
    const thumbnail = photos.getByRole('img', { name: 'Photo 1 (cover)' });
    await thumbnail.waitFor();
    await c.page.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('img[alt="Photo 1 (cover)"]');
      return Boolean(image?.complete && image.naturalWidth === 256);
    });
    expect(await photos.getByRole('status').count()).toBe(0);
    await c.screenshot('bottle-photos');
    expect(c.errors).toEqual([]);
  });

  it('uploads a dropped photo with a moving progress bar, refuses a dropped text file, and opens the 768 px version', async () => {
    // Noise does not compress: a few MB that take a few seconds on a throttled line.
    const big = await sharp({
      create: {
        width: 1200,
        height: 900,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    })
      .png()
      .toBuffer();
    expect(big.length).toBeGreaterThan(2_000_000);
    const page = c.page;
    await page.goto(`/admin/bottles/${bottleId}/show`);
    const photos = page.getByRole('region', { name: 'Photos' });
    await photos.getByRole('img', { name: 'Photo 1 (cover)' }).waitFor();

    await dropFiles(page, [{ name: 'notes.txt', type: 'text/plain', bytes: Buffer.from('not a photo') }]);
    await page.getByText('Not a JPEG, PNG, WebP or AVIF image: notes.txt').waitFor();

    // Record every value the upload's progress bar takes, in the page, while the line is slow.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { progressSeen: number[] }).progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[role="progressbar"][aria-label="Uploading noise.png"]');
        const value = Number(bar?.getAttribute('aria-valuenow'));
        if (bar && seen.at(-1) !== value) seen.push(value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const cdp = await c.context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 1024 * 1024,
    });
    await dropFiles(page, [{ name: 'noise.png', type: 'image/png', bytes: big }]);
    await photos.getByRole('progressbar', { name: 'Uploading noise.png' }).waitFor();
    await c.screenshot('bottle-photo-uploading');
    await photos.getByRole('img', { name: 'Photo 2' }).waitFor({ timeout: 60_000 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
    const between = seen.filter((value) => value > 0 && value < 100);
    expect(between.length).toBeGreaterThanOrEqual(2);
    expect(between).toEqual([...between].sort((a, b) => a - b));

    await loadedAt(page, 'Photo 2', 256);
    await photos.getByRole('button', { name: 'View photo 1 (cover)' }).click();
    const lightbox = page.getByRole('dialog', { name: 'Photo 1 (cover)' });
    await lightbox.getByRole('img', { name: 'Photo 1 (cover), large' }).waitFor();
    await loadedAt(page, 'Photo 1 (cover), large', 768);
    await c.screenshot('bottle-photo-lightbox');
    await lightbox.getByRole('button', { name: 'Close' }).click();
    await lightbox.waitFor({ state: 'hidden' });
    expect(c.errors).toEqual([]);
  }, 120_000);

  it('shows the cover photo in the bottle list, and the chosen one after a change', async () => {
    const page = c.page;
    await page.goto(`/admin/bottles/${bottleId}/show`);
    const photos = page.getByRole('region', { name: 'Photos' });
    await photos.getByRole('img', { name: 'Photo 2' }).waitFor();
    // The pixels of an image as the page shows it (a blob: URL, so the canvas is not tainted).
    const pixelsOf = (alt: string) =>
      page.evaluate((text) => {
        const image = document.querySelector<HTMLImageElement>(`img[alt="${text}"]`)!;
        const canvas = document.createElement('canvas');
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        return Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data).join();
      }, alt);
    await loadedAt(page, 'Photo 1 (cover)', 256);
    await loadedAt(page, 'Photo 2', 256);
    const [previous, chosen] = [await pixelsOf('Photo 1 (cover)'), await pixelsOf('Photo 2')];
    expect(chosen).not.toBe(previous);
    await photos.getByRole('button', { name: 'Use as cover' }).click();
    await page.getByText('Cover photo set').waitFor();

    await page.goto('/admin/bottles');
    const alt = 'Cover photo of Springbank 10';
    await page.getByRole('img', { name: alt }).waitFor();
    await loadedAt(page, alt, 256);
    // The list shows the chosen cover's thumbnail: the same pixels as its tile in the gallery.
    expect(await pixelsOf(alt)).toBe(chosen);
    await c.screenshot('bottle-list-covers');
    expect(c.errors).toEqual([]);
  });

  it('offers a phone the camera: a picker that captures from the back camera', async () => {
    const phone = await c.newPage(PHONE);
    await signIn(phone, owner.user.email, PASSWORD);
    await phone.goto(`/admin/bottles/${bottleId}/show`);
    const photos = phone.getByRole('region', { name: 'Photos' });
    await photos.getByText('Take photo').waitFor();
    const camera = photos.locator('input[type=file][capture]');
    expect(await camera.getAttribute('capture')).toBe('environment');
    expect(await camera.getAttribute('accept')).toBe('image/*');
    await c.screenshot('bottle-photos-phone', phone);
    expect(c.errors).toEqual([]);
  });

  it('shows a read-only member the photos without upload, cover or delete buttons', async () => {
    const reader = await addMember(c.t.app, owner, 'read_only', 'reader');
    const page = await c.newPage();
    await signIn(page, reader.user.email, PASSWORD);
    await page.goto(`/admin/bottles/${bottleId}/show`);
    const photos = page.getByRole('region', { name: 'Photos' });
    await photos.getByRole('img', { name: 'Photo 1 (cover)' }).waitFor();
    expect(await photos.getByText('Add photo').count()).toBe(0);
    expect(await photos.getByRole('button', { name: 'Delete photo' }).count()).toBe(0);
    expect(c.errors).toEqual([]);
  });
});
