import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { Bottle } from '../../src/inventory/bottles/bottle.entity.js';
import { Location } from '../../src/inventory/locations/location.entity.js';
import { Pour } from '../../src/inventory/pours/pour.entity.js';
import { WhiskyBarcode } from '../../src/inventory/whiskies/whisky-barcode.entity.js';
import { Whisky } from '../../src/inventory/whiskies/whisky.entity.js';
import { Household } from '../../src/users/households/household.entity.js';
import {
  addMember,
  bearer,
  openRegistration,
  registerUser,
  uniqueEmail,
  type SignedIn,
} from '../factories/users.js';
import { multipartBody } from '../factories/uploads.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

const PROBLEM = /^application\/problem\+json/;
const KINDS = ['locations', 'whiskies', 'bottles', 'pours'] as const;
type Kind = (typeof KINDS)[number];
/** Rows of an export as data: cells by column, whatever the format wrote. */
type Rows = Record<Kind, Record<string, unknown>[]>;

/** Text cells spreadsheets would run as formulas. */
const FORMULA = `=cmd|' /C calc'!A0`;
const AT_FORMULA = '@SUM(1)';

/** A GS1 code with its check digit (weights 3,1,… from the right). */
function gtin(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

interface Upload {
  file: Buffer;
  fileName?: string;
  dryRun?: boolean;
  kind?: Kind;
}

/** A multipart/form-data body as the console sends it. */
function multipart(upload: Upload): Promise<{ payload: Buffer; contentType: string }> {
  const fields: Record<string, string> = {};
  if (upload.dryRun !== undefined) fields.dryRun = String(upload.dryRun);
  if (upload.kind) fields.kind = upload.kind;
  return multipartBody(upload.file, { fileName: upload.fileName ?? 'collection', fields });
}

async function unzip(content: Buffer): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(content, { lazyEntries: true });
  const entries = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    entries.set(entry.fileName, Buffer.concat(await (await zip.openReadStreamPromise(entry)).toArray()));
  }
  return entries;
}

function csvObjects(text: string): Record<string, unknown>[] {
  return parseCsv<Record<string, unknown>>(text, { bom: true, columns: true });
}

async function workbookRows(content: Buffer): Promise<Map<string, unknown[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheets = new Map<string, unknown[][]>();
  workbook.eachSheet((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    sheets.set(sheet.name, rows);
  });
  return sheets;
}

/** Any export as rows of cells by column (CSV and XLSX cells as written, JSON values as typed). */
async function rowsOf(format: 'csv' | 'json' | 'xlsx', content: Buffer): Promise<Rows> {
  const rows = {} as Rows;
  if (format === 'json') {
    const document = JSON.parse(content.toString('utf8')) as Rows;
    for (const kind of KINDS) rows[kind] = document[kind];
  } else if (format === 'csv') {
    const entries = await unzip(content);
    for (const kind of KINDS) rows[kind] = csvObjects(entries.get(`${kind}.csv`)!.toString('utf8'));
  } else {
    const sheets = await workbookRows(content);
    for (const kind of KINDS) {
      const [header, ...data] = sheets.get(kind)!;
      rows[kind] = data.map((values) =>
        Object.fromEntries((header as string[]).map((name, index) => [name, values[index] ?? null])),
      );
    }
  }
  return rows;
}

/** Rows in a canonical order (bottles and pours are written in database id order, which differs). */
function sorted(rows: Rows): Rows {
  const byId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    String(a.id).localeCompare(String(b.id));
  return Object.fromEntries(KINDS.map((kind) => [kind, [...rows[kind]].sort(byId)])) as Rows;
}

describe('collection export and import', () => {
  let t: TestApp;
  let em: EntityManager;
  let admin: SignedIn;
  let readOnly: SignedIn;
  const counts = { locations: 3, whiskies: 5, bottles: 6, pours: 9 };

  const get = (url: string, token: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) });
  const exportFile = async (token: string, query: string) => {
    const res = await get(`/api/v1/export?${query}`, token);
    expect(res.statusCode).toBe(200);
    return res;
  };
  const importFile = async (token: string, upload: Upload) => {
    const { payload, contentType } = await multipart(upload);
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/import',
      headers: { ...bearer(token), 'content-type': contentType },
      payload,
    });
  };
  /** A new account with a household of its own (registration is open). */
  const newHousehold = () => registerUser(t.app, { email: uniqueEmail('other') });

  /** Every row of the household's collection, with versions and timestamps: to see that nothing changed. */
  async function databaseState(householdId: string): Promise<Record<string, unknown[]>> {
    const state: Record<string, unknown[]> = {};
    for (const table of ['location', 'whisky', 'whisky_barcode', 'bottle', 'pour']) {
      state[table] = await em
        .getConnection()
        .execute(`select * from "${table}" where household_id = ? order by 1, 2`, [householdId]);
    }
    return state;
  }

  async function seedCollection(householdId: string): Promise<void> {
    const household = em.getReference(Household, householdId);
    const cabinet = em.create(Location, {
      household,
      name: 'Living-room cabinet, top shelf',
      description: AT_FORMULA,
    });
    const cellar = em.create(Location, { household, name: 'Cellar', externalId: 'loc-cellar' });
    em.create(Location, { household, name: 'Office', description: 'Behind the "glass" door; dusty' });
    const whisky = (data: Partial<Whisky> & Pick<Whisky, 'name' | 'style' | 'abv'>, codes: string[] = []) => {
      const created = em.create(Whisky, { household, ...data });
      for (const code of codes) em.create(WhiskyBarcode, { household, code, whisky: created });
      return created;
    };
    const lagavulin = whisky(
      {
        name: 'Lagavulin 16',
        distillery: 'Lagavulin',
        country: 'Scotland',
        region: 'Islay',
        style: 'single_malt',
        ageYears: 16,
        abv: 43,
        caskTypes: ['ex-bourbon', 'oloroso sherry'],
        tags: ['peated', 'islay'],
        chillFiltered: true,
        naturalColour: false,
        notes: FORMULA,
        externalUrl: 'https://www.whiskybase.com/whiskies/whisky/1234',
      },
      [gtin('500028100541')],
    );
    const springbank = whisky(
      {
        name: 'Springbank 10',
        distillery: 'Springbank',
        style: 'single_malt',
        ageYears: 10,
        abv: 46,
        externalId: 'sb-10',
        tags: ['campbeltown'],
        notes: '-5 points for the price',
      },
      [gtin('501021401210'), gtin('5010214')].sort(),
    );
    const signatory = whisky({
      name: 'Caol Ila 2008 Signatory',
      distillery: 'Caol Ila',
      bottlerKind: 'independent',
      bottlerName: 'Signatory Vintage',
      style: 'single_malt',
      vintageYear: 2008,
      bottledYear: 2020,
      ageYears: 12,
      abv: 46.3,
      caskStrength: true,
      caskTypes: ['hogshead'],
      defaultSizeMl: 500,
      notes: "'=already quoted",
    });
    const bourbon = whisky({
      name: 'Buffalo Trace',
      country: 'USA',
      style: 'bourbon',
      abv: 40,
      notes: 'Smooth, "vanilla"; caramel\nsecond line',
    });
    whisky({ name: 'Yamazaki Château', country: 'Japan', style: 'other', abv: 43.5, tags: ['süß', 'ümami'] });

    const bottle = (data: Partial<Bottle> & Pick<Bottle, 'whisky' | 'sizeMl'>, pours: [number, string][]) => {
      const poured = pours.reduce((sum, [ml]) => sum + ml * 10, 0) / 10;
      const created = em.create(Bottle, { household, currentVolumeMl: data.sizeMl - poured, ...data });
      pours.forEach(([ml, reason], index) =>
        em.create(Pour, {
          household,
          bottle: created,
          ml,
          reason: reason as Pour['reason'],
          pouredAt: new Date(Date.UTC(2025, 0, 10 + index, 20, 15, 30, 123)),
          notes: index === 0 ? '+1 for the nose' : null,
        }),
      );
      return created;
    };
    bottle(
      {
        whisky: lagavulin,
        location: cabinet,
        status: 'sealed',
        sizeMl: 700,
        purchasePrice: 89.9,
        currency: 'GBP',
        purchasedAt: '2024-12-01',
        shop: 'The Whisky Exchange',
        estimatedValue: 120,
      },
      [],
    );
    bottle(
      {
        whisky: lagavulin,
        location: cabinet,
        status: 'open',
        sizeMl: 700,
        openedAt: '2025-01-10',
        purchasePrice: 79.5,
        currency: 'EUR',
        externalId: 'bottle-open',
        notes: '@ the party',
      },
      [
        [25.5, 'dram'],
        [40, 'tasting'],
        [10, 'infinity'],
      ],
    );
    bottle(
      {
        whisky: springbank,
        location: cellar,
        status: 'finished',
        sizeMl: 700,
        openedAt: '2025-01-10',
        finishedAt: '2025-01-13',
      },
      [
        [300, 'share'],
        [350, 'dram'],
        [49.9, 'spill'],
        [0.1, 'correction'],
      ],
    );
    bottle({ whisky: signatory, status: 'gifted', sizeMl: 500 }, []);
    bottle(
      {
        whisky: bourbon,
        location: cellar,
        status: 'sold',
        sizeMl: 1000,
        estimatedValue: 30,
        currency: 'USD',
      },
      [[20, 'dram']],
    );
    bottle({ whisky: bourbon, status: 'open', sizeMl: 50, openedAt: '2025-02-01' }, [[20.5, 'tasting']]);
    await em.flush();
    em.clear();
  }

  beforeAll(async () => {
    t = await createTestApp();
    em = t.app.get(MikroORM).em.fork() as EntityManager;
    admin = await registerUser(t.app, { email: uniqueEmail('admin') });
    await openRegistration(t.app, admin);
    readOnly = await addMember(t.app, admin, 'read_only', 'reader');
    await seedCollection(admin.user.householdId);
  });
  afterAll(async () => {
    await t.close();
  });

  describe.each(['csv', 'json', 'xlsx'] as const)('%s', (format) => {
    it('round-trips losslessly into an empty household', async () => {
      const original = await exportFile(admin.accessToken, `format=${format}`);
      const exported = await rowsOf(format, original.rawPayload);
      expect(Object.fromEntries(KINDS.map((kind) => [kind, exported[kind].length]))).toEqual(counts);

      const other = await newHousehold();
      const empty = await rowsOf(
        format,
        (await exportFile(other.accessToken, `format=${format}`)).rawPayload,
      );
      expect(Object.values(empty).flat()).toEqual([]);

      const res = await importFile(other.accessToken, {
        file: original.rawPayload,
        fileName: `export.${format}`,
      });
      expect({ status: res.statusCode, body: res.statusCode === 200 ? null : res.json() }).toEqual({
        status: 200,
        body: null,
      });
      expect(res.json()).toEqual({
        format: format === 'csv' ? 'zip' : format,
        dryRun: false,
        valid: true,
        errors: [],
        errorCount: 0,
        counts: Object.fromEntries(
          KINDS.map((kind) => [kind, { create: counts[kind], update: 0, unchanged: 0 }]),
        ),
      });

      const again = await rowsOf(
        format,
        (await exportFile(other.accessToken, `format=${format}`)).rawPayload,
      );
      // Imported records keep the file's ids as their externalId: the rows come back identical.
      expect(sorted(again)).toEqual(sorted(exported));
    });
  });

  it('exports every user-facing field, with ids and references by externalId or database id', async () => {
    const document = (await exportFile(admin.accessToken, 'format=json')).json<
      Rows & Record<string, unknown>
    >();
    expect(document).toMatchObject({ format: 'whiskey-tracker', version: 1, exportedAt: expect.any(String) });
    const springbank = document.whiskies.find((whisky) => whisky.id === 'sb-10');
    expect(springbank).toEqual({
      id: 'sb-10',
      name: 'Springbank 10',
      distillery: 'Springbank',
      bottlerKind: 'official',
      bottlerName: null,
      country: null,
      region: null,
      style: 'single_malt',
      ageYears: 10,
      vintageYear: null,
      bottledYear: null,
      abv: 46,
      caskTypes: [],
      caskStrength: false,
      chillFiltered: null,
      naturalColour: null,
      defaultSizeMl: 700,
      barcodes: [gtin('501021401210'), gtin('5010214')].sort(),
      tags: ['campbeltown'],
      notes: '-5 points for the price',
      externalUrl: null,
    });
    const open = document.bottles.find((bottle) => bottle.id === 'bottle-open');
    const lagavulin = document.whiskies.find((whisky) => whisky.name === 'Lagavulin 16')!;
    const cabinet = document.locations.find(
      (location) => location.name === 'Living-room cabinet, top shelf',
    )!;
    expect(open).toEqual({
      id: 'bottle-open',
      whiskyId: lagavulin.id,
      locationId: cabinet.id,
      status: 'open',
      sizeMl: 700,
      currentVolumeMl: 624.5,
      openedAt: '2025-01-10',
      finishedAt: null,
      purchasePrice: 79.5,
      currency: 'EUR',
      purchasedAt: null,
      shop: null,
      estimatedValue: null,
      notes: '@ the party',
    });
    expect(document.pours.filter((pour) => pour.bottleId === 'bottle-open')).toContainEqual({
      id: expect.any(String),
      bottleId: 'bottle-open',
      ml: 25.5,
      reason: 'dram',
      pouredAt: '2025-01-10T20:15:30.123Z',
      notes: '+1 for the nose',
    });
    expect(document.locations.find((location) => location.id === 'loc-cellar')).toEqual({
      id: 'loc-cellar',
      name: 'Cellar',
      description: null,
    });
  });

  it('names the file and marks it as an attachment that is not cached', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const zip = await exportFile(admin.accessToken, 'format=csv');
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(zip.headers['content-disposition']).toBe(`attachment; filename="whiskey-tracker-${today}.zip"`);
    expect(zip.headers['cache-control']).toBe('no-store');
    const csv = await exportFile(admin.accessToken, 'format=csv&kind=bottles');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="whiskey-tracker-bottles-${today}.csv"`,
    );
    const xlsx = await exportFile(admin.accessToken, 'format=xlsx');
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const json = await exportFile(admin.accessToken, 'format=json&kind=locations');
    expect(Object.keys(json.json<object>())).toEqual(['format', 'version', 'exportedAt', 'locations']);
  });

  it('escapes cells that spreadsheets would run as formulas, and only in CSV and XLSX', async () => {
    const entries = await unzip((await exportFile(admin.accessToken, 'format=csv')).rawPayload);
    const whiskies = entries.get('whiskies.csv')!.toString('utf8');
    expect(whiskies.startsWith('\uFEFFid,name,')).toBe(true);
    expect(whiskies).toContain(`"'${FORMULA}"`);
    expect(whiskies).toContain(`"'-5 points for the price"`);
    expect(whiskies).toContain(`"''=already quoted"`);
    expect(entries.get('locations.csv')!.toString('utf8')).toContain(`"'${AT_FORMULA}"`);
    const pours = entries.get('pours.csv')!.toString('utf8');
    expect(pours).toContain(`"'+1 for the nose"`);
    // Numbers are numbers, not escaped text.
    expect(pours).toMatch(/,25\.5,dram,/);
    // No cell of any CSV starts with a formula character.
    for (const [name, content] of entries) {
      for (const record of parseCsv(content, { bom: true })) {
        for (const cell of record)
          expect({ name, cell, formula: /^[=+\-@\t\r]/.test(cell) }).toMatchObject({ formula: false });
      }
    }

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await exportFile(admin.accessToken, 'format=xlsx')).rawPayload as unknown as ArrayBuffer,
    );
    const cells: ExcelJS.Cell[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell))));
    expect(cells.some((cell) => cell.type === ExcelJS.ValueType.Formula)).toBe(false);
    const texts = cells.map((cell) => cell.value);
    expect(texts).toContain(`'${FORMULA}`);
    expect(texts).toContain(`'${AT_FORMULA}`);
    expect(texts).not.toContain(FORMULA);
    expect(texts.filter((value) => typeof value === 'string' && /^[=+\-@\t\r]/.test(value))).toEqual([]);
    expect(texts).toContain(25.5);

    const json = (await exportFile(admin.accessToken, 'format=json')).json<Rows>();
    expect(json.whiskies.map((whisky) => whisky.notes)).toContain(FORMULA);
    expect(json.locations.map((location) => location.description)).toContain(AT_FORMULA);
  });

  describe('a file with exactly three bad rows', () => {
    let file: Buffer;
    beforeAll(async () => {
      const document = (await exportFile(admin.accessToken, 'format=json')).json<Rows>();
      document.whiskies[1].abv = 150;
      document.bottles[2].whiskyId = 'no-such-whisky';
      document.pours[3].ml = -5;
      file = Buffer.from(JSON.stringify(document));
    });

    const expectedErrors = [
      { kind: 'whiskies', row: 2, field: 'abv', message: expect.stringContaining('100') },
      { kind: 'bottles', row: 3, field: 'whiskyId', message: expect.stringContaining('no-such-whisky') },
      { kind: 'pours', row: 4, field: 'ml', message: expect.any(String) },
    ];

    it('is reported row by row in a dry run, which writes nothing', async () => {
      const other = await newHousehold();
      const before = await databaseState(other.user.householdId);
      const res = await importFile(other.accessToken, { file, dryRun: true });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ dryRun: true, valid: false, errorCount: 3, errors: expectedErrors });
      expect(await databaseState(other.user.householdId)).toEqual(before);
    });

    it('is refused as a whole (422 with the report) by a real import', async () => {
      const other = await newHousehold();
      const before = await databaseState(other.user.householdId);
      const res = await importFile(other.accessToken, { file });
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.json()).toMatchObject({
        status: 422,
        detail: 'The file has 3 errors; nothing was imported',
        dryRun: false,
        valid: false,
        errors: expectedErrors,
      });
      expect(await databaseState(other.user.householdId)).toEqual(before);
      expect(Object.values(before).flat()).toEqual([]);
    });
  });

  it('changes nothing when the same file is imported twice', async () => {
    const other = await newHousehold();
    const file = (await exportFile(admin.accessToken, 'format=xlsx')).rawPayload;
    expect((await importFile(other.accessToken, { file })).statusCode).toBe(200);
    const before = await databaseState(other.user.householdId);

    const second = await importFile(other.accessToken, { file });
    expect(second.statusCode).toBe(200);
    expect(second.json<{ counts: object }>().counts).toEqual(
      Object.fromEntries(KINDS.map((kind) => [kind, { create: 0, update: 0, unchanged: counts[kind] }])),
    );
    expect(await databaseState(other.user.householdId)).toEqual(before);

    // Its own export, imported back, matches by database id and externalId alike.
    const own = (await exportFile(other.accessToken, 'format=json')).rawPayload;
    const third = await importFile(other.accessToken, { file: own, dryRun: false });
    expect(third.json<{ counts: { whiskies: object } }>().counts.whiskies).toEqual({
      create: 0,
      update: 0,
      unchanged: counts.whiskies,
    });
    expect(await databaseState(other.user.householdId)).toEqual(before);
  });

  it('updates matched records and recomputes the volumes of bottles whose pours change', async () => {
    const other = await newHousehold();
    const document = (await exportFile(admin.accessToken, 'format=json')).json<Rows>();
    expect(
      (await importFile(other.accessToken, { file: Buffer.from(JSON.stringify(document)) })).statusCode,
    ).toBe(200);
    const open = document.bottles.find((bottle) => bottle.id === 'bottle-open')!;
    const pour = document.pours.find((row) => row.bottleId === 'bottle-open')!;
    pour.ml = Number(pour.ml) + 100;
    open.currentVolumeMl = Number(open.currentVolumeMl) - 100;
    const lagavulin = document.whiskies.find((whisky) => whisky.name === 'Lagavulin 16')!;
    lagavulin.tags = ['peated', 'islay', 'smoky'];
    // A new whisky and a new bottle, which existing records now point to.
    document.whiskies.push({
      ...lagavulin,
      id: 'lagavulin-8',
      name: 'Lagavulin 8',
      ageYears: 8,
      barcodes: [],
    });
    const sealed = document.bottles.find((bottle) => bottle.status === 'sealed')!;
    sealed.whiskyId = 'lagavulin-8';
    const moved = document.pours.find((row) => row.bottleId === 'bottle-open' && row.id !== pour.id)!;
    moved.bottleId = 'bottle-new';
    open.currentVolumeMl = Number(open.currentVolumeMl) + Number(moved.ml);
    document.bottles.push({
      ...open,
      id: 'bottle-new',
      currentVolumeMl: 700 - Number(moved.ml),
      notes: null,
    });
    const res = await importFile(other.accessToken, { file: Buffer.from(JSON.stringify(document)) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      counts: {
        whiskies: { create: 1, update: 1, unchanged: counts.whiskies - 1 },
        bottles: { create: 1, update: 2, unchanged: counts.bottles - 2 },
        pours: { create: 0, update: 2, unchanged: counts.pours - 2 },
      },
    });
    const after = (await exportFile(other.accessToken, 'format=json')).json<Rows>();
    const volumeOf = (id: unknown) => after.bottles.find((bottle) => bottle.id === id)!.currentVolumeMl;
    expect(volumeOf('bottle-open')).toBe(open.currentVolumeMl);
    expect(volumeOf('bottle-new')).toBe(700 - Number(moved.ml));
    expect(after.bottles.find((bottle) => bottle.id === sealed.id)!.whiskyId).toBe('lagavulin-8');

    // A pour that would overdraw the bottle is a row error; a stated volume that disagrees, too.
    pour.ml = 700;
    const overdrawn = await importFile(other.accessToken, {
      file: Buffer.from(JSON.stringify(document)),
      dryRun: true,
    });
    expect(overdrawn.json<{ errors: unknown[] }>().errors).toEqual([
      {
        kind: 'bottles',
        row: expect.any(Number),
        field: 'sizeMl',
        message: expect.stringContaining('more than its size'),
      },
    ]);
  });

  it('imports a single CSV of one kind, matching references to the household', async () => {
    const other = await newHousehold();
    const zip = await unzip((await exportFile(admin.accessToken, 'format=csv')).rawPayload);
    const whiskies = await importFile(other.accessToken, {
      file: zip.get('whiskies.csv')!,
      kind: 'whiskies',
    });
    expect(whiskies.json()).toMatchObject({
      format: 'csv',
      valid: true,
      counts: { whiskies: { create: 5 } },
    });
    // Bottles refer to locations the household does not have.
    const bottles = await importFile(other.accessToken, {
      file: zip.get('bottles.csv')!,
      kind: 'bottles',
      dryRun: true,
    });
    expect(bottles.json<{ errors: { field: string }[] }>().errors.map((error) => error.field)).toEqual(
      expect.arrayContaining(['locationId']),
    );
    // Without a kind, a single CSV cannot be read.
    const noKind = await importFile(other.accessToken, { file: zip.get('whiskies.csv')! });
    expect(noKind.statusCode).toBe(400);
  });

  it('reports header problems and unreadable cells of spreadsheets', async () => {
    const other = await newHousehold();
    const csv = Buffer.from('id,name,colour\r\nx1,Somewhere,red\r\n,,\r\nx2,"=1+1",\r\n');
    const res = await importFile(other.accessToken, { file: csv, kind: 'locations', dryRun: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      valid: false,
      errors: [{ kind: 'locations', row: 0, field: 'colour', message: 'is not a column of locations' }],
    });
    const bad = Buffer.from('id,name,style,abv\r\nw1,One,single_malt,forty\r\nw2,Two,wine,40\r\n');
    const whiskies = await importFile(other.accessToken, { file: bad, kind: 'whiskies', dryRun: true });
    expect(whiskies.json<{ errors: object[] }>().errors).toEqual([
      { kind: 'whiskies', row: 1, field: 'abv', message: expect.stringContaining('must be a number') },
      { kind: 'whiskies', row: 2, field: 'style', message: expect.stringContaining('style') },
    ]);
  });

  describe('refuses files it cannot read', () => {
    it('a text file named .xlsx is read as CSV and refused with 400 (the content decides, not the name)', async () => {
      const res = await importFile(admin.accessToken, {
        file: Buffer.from('hello, world\n'),
        fileName: 'x.xlsx',
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      const withKind = await importFile(admin.accessToken, {
        file: Buffer.from('hello, world\n'),
        fileName: 'x.xlsx',
        kind: 'whiskies',
        dryRun: true,
      });
      expect(withKind.json<{ valid: boolean; errors: { row: number }[] }>()).toMatchObject({
        valid: false,
        errors: expect.arrayContaining([expect.objectContaining({ row: 0 })]),
      });
    });

    it('binary content in none of the formats with 415', async () => {
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe]);
      const res = await importFile(admin.accessToken, { file: png, fileName: 'collection.xlsx' });
      expect(res.statusCode).toBe(415);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      const json = await t.app.inject({
        method: 'POST',
        url: '/api/v1/import',
        headers: bearer(admin.accessToken),
        payload: { file: 'x' },
      });
      expect(json.statusCode).toBe(415);
    });

    it('a damaged zip, invalid JSON and broken CSV with 400', async () => {
      const zip = (await exportFile(admin.accessToken, 'format=csv')).rawPayload;
      const broken = [
        { file: zip.subarray(0, zip.length - 100) },
        { file: Buffer.from('{"format": "whiskey-tracker", "version": 1, "locations": [') },
        { file: Buffer.from('{"format": "something-else"}') },
        { file: Buffer.from('id,name\r\n"unterminated,x\r\n'), kind: 'locations' as const },
        { file: Buffer.alloc(0) },
      ];
      for (const upload of broken) {
        const res = await importFile(admin.accessToken, upload);
        expect({ status: res.statusCode, body: res.json<{ detail: string }>().detail }).toMatchObject({
          status: 400,
        });
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
    });

    it('a file over 20 MiB with 413', async () => {
      const res = await importFile(admin.accessToken, { file: Buffer.alloc(21 * 1024 * 1024, 'a') });
      expect(res.statusCode).toBe(413);
      expect(res.headers['content-type']).toMatch(PROBLEM);
    });
  });

  it("never exports another household's records", async () => {
    const other = await newHousehold();
    await importFile(other.accessToken, {
      file: Buffer.from('id,name\r\nonly-mine,Garage\r\n'),
      kind: 'locations',
    });
    const theirs = (await exportFile(other.accessToken, 'format=json')).json<Rows>();
    expect(theirs.locations).toEqual([{ id: 'only-mine', name: 'Garage', description: null }]);
    expect([...theirs.whiskies, ...theirs.bottles, ...theirs.pours]).toEqual([]);
    const mine = (await exportFile(admin.accessToken, 'format=json')).json<Rows>();
    expect(mine.locations.map((location) => location.name)).not.toContain('Garage');

    // Ids of another household's records (database ids included) are unknown to an import.
    const bottles = (await exportFile(admin.accessToken, 'format=csv&kind=bottles')).rawPayload;
    const res = await importFile(other.accessToken, { file: bottles, kind: 'bottles', dryRun: true });
    const errors = res.json<{ errors: { field: string; message: string }[] }>().errors;
    expect(errors.filter((error) => error.field === 'whiskyId')).toHaveLength(counts.bottles);
    expect(await databaseState(other.user.householdId)).toMatchObject({ whisky: [], bottle: [], pour: [] });
  });

  it('ends the export snapshot (its transaction) when a download is abandoned', async () => {
    const other = await newHousehold();
    const household = other.user.householdId;
    const sql = (query: string) => em.getConnection().execute(query, [household]);
    await sql(`insert into whisky (id, household_id, name, style, abv, created_at, updated_at, version)
               values (gen_random_uuid(), ?, 'Bulk', 'blend', 40, now(), now(), 1)`);
    await sql(`insert into bottle (id, household_id, whisky_id, status, size_ml, current_volume_ml, created_at, updated_at, version)
               select gen_random_uuid(), w.household_id, w.id, 'open', 5000, 0, now(), now(), 1
                 from whisky w, generate_series(1, 20) where w.household_id = ?`);
    await sql(`insert into pour (id, household_id, bottle_id, ml, reason, poured_at, notes, created_at)
               select gen_random_uuid(), b.household_id, b.id, 2, 'dram', now() - interval '1 day', 'bulk pour', now()
                 from bottle b, generate_series(1, 2500) where b.household_id = ?`);
    const openSnapshots = async () => {
      const [row] = await em
        .getConnection()
        .execute<{ count: string }[]>(
          `select count(*) from pg_stat_activity where datname = current_database() and state = 'idle in transaction'`,
        );
      return Number(row.count);
    };
    // Generous: on a loaded machine the export may take seconds to fill the socket and wait.
    // Seen once is enough: the connection's state flips between queries, so asking again could miss it.
    const eventually = async (condition: () => Promise<boolean>) => {
      for (let attempt = 0; attempt < 300; attempt++) {
        if (await condition()) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return false;
    };

    await t.app.listen(0, '127.0.0.1');
    const download = new AbortController();
    const res = await fetch(`${await t.app.getUrl()}/api/v1/export?format=json`, {
      headers: bearer(other.accessToken),
      signal: download.signal,
    });
    try {
      expect(res.status).toBe(200);
      await res.body!.getReader().read();
      // The client stops reading: the export waits, holding its snapshot open.
      expect(await eventually(async () => (await openSnapshots()) === 1)).toBe(true);
    } finally {
      // Also when an expectation failed: a download left hanging would keep the app from closing.
      download.abort();
    }
    expect(await eventually(async () => (await openSnapshots()) === 0)).toBe(true);
  }, 90_000);

  it('lets read-only users export but not import, and audits both', async () => {
    const file = (await exportFile(readOnly.accessToken, 'format=json')).rawPayload;
    const res = await importFile(readOnly.accessToken, { file });
    expect(res.statusCode).toBe(403);

    const events = await get('/api/v1/audit-events?perPage=100&action=inventory.exported', admin.accessToken);
    const actions = events.json<{ data: { action: string; actorId: string; details: unknown }[] }>().data;
    expect(actions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'inventory.exported',
          actorId: readOnly.user.id,
          details: { format: 'json', kind: null, counts },
        }),
      ]),
    );
    const other = await newHousehold();
    await importFile(other.accessToken, { file });
    const theirEvents = await get('/api/v1/audit-events?action=inventory.imported', other.accessToken);
    expect(theirEvents.json<{ data: { details: unknown }[] }>().data).toEqual([
      expect.objectContaining({
        details: {
          format: 'json',
          counts: Object.fromEntries(
            KINDS.map((kind) => [kind, { create: counts[kind], update: 0, unchanged: 0 }]),
          ),
        },
      }),
    ]);
  });
});
