// page.waitForFunction callbacks run in the browser:
/// <reference lib="dom" />
import sharp from 'sharp';
import { addMember, bearer, PASSWORD, registerUser, type SignedIn } from '../../factories/users.js';
import { openConsole, signIn, type ConsoleBrowser } from '../../setup/console-browser.js';

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
