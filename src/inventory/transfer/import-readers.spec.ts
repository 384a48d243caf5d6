import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { BadRequestError, UnsupportedMediaTypeError } from '../../common/errors/domain-error.js';
import { readCollectionFile } from './import-readers.js';

const text = (value: string) => Buffer.from(value, 'utf8');

/** A small workbook as the export writes it: streamed, no shared strings, workbook.xml last in the zip. */
async function smallWorkbook(): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => output.on('end', resolve));
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: false,
    useSharedStrings: false,
  });
  const locations = writer.addWorksheet('locations');
  locations.addRow(['id', 'name']).commit();
  locations.addRow(['cellar', `'=escaped`]).commit();
  locations.commit();
  const whiskies = writer.addWorksheet('Whiskies');
  whiskies.addRow(['id', 'name', 'style', 'abv']).commit();
  whiskies.addRow([7, 'Lagavulin 16', 'single_malt', 43]).commit();
  whiskies.commit();
  await writer.commit();
  await ended;
  return Buffer.concat(chunks);
}

describe('reading collection files', () => {
  it('recognises JSON from its content and reads each kind as rows', async () => {
    const file = await readCollectionFile(
      text(
        '\uFEFF  {"format":"whiskey-tracker","version":1,"exportedAt":"2026-01-01T00:00:00Z","locations":[{"id":"a"}]}',
      ),
    );
    expect(file).toEqual({
      format: 'json',
      source: 'json',
      tables: { locations: [{ row: 1, cells: { id: 'a' } }] },
      errors: [],
    });
  });

  it.each([
    ['invalid JSON', '{"format":', /not valid JSON/],
    ['another format', '{"format":"other","version":1}', /not a Whiskey Tracker export/],
    ['another version', '{"format":"whiskey-tracker","version":2}', /Version 2/],
    ['unknown members', '{"format":"whiskey-tracker","version":1,"infinityBottles":[]}', /"infinityBottles"/],
    [
      'a kind that is not an array',
      '{"format":"whiskey-tracker","version":1,"pours":{}}',
      /must be an array/,
    ],
  ])('refuses %s with 400', async (_, content, message) => {
    const read = readCollectionFile(text(content));
    await expect(read).rejects.toBeInstanceOf(BadRequestError);
    await expect(read).rejects.toThrow(message);
  });

  it('reads every sheet of a small workbook by its name, every time', async () => {
    const workbook = await smallWorkbook();
    for (let attempt = 0; attempt < 30; attempt++) {
      const file = await readCollectionFile(workbook);
      expect(file).toEqual({
        format: 'xlsx',
        source: 'sheet',
        tables: {
          locations: [{ row: 1, cells: { id: 'cellar', name: "'=escaped" } }],
          whiskies: [{ row: 1, cells: { id: 7, name: 'Lagavulin 16', style: 'single_malt', abv: 43 } }],
        },
        errors: [],
      });
    }
  });

  it('reads other text as a CSV of the kind given, mapping the header case-insensitively', async () => {
    const file = await readCollectionFile(
      text('\uFEFFID,Name,colour\r\nloc-1,Cellar,red\r\n,,\r\nloc-2,"Shelf, top",,extra\r\n'),
      'locations',
    );
    expect(file.format).toBe('csv');
    expect(file.tables.locations).toEqual([
      { row: 1, cells: { id: 'loc-1', name: 'Cellar' } },
      { row: 3, cells: { id: 'loc-2', name: 'Shelf, top' } },
    ]);
    expect(file.errors).toEqual([
      { kind: 'locations', row: 0, field: 'colour', message: 'is not a column of locations' },
      { kind: 'locations', row: 3, field: 'row', message: expect.stringContaining('column 4') },
    ]);
  });

  it('reports missing required columns as errors of the header', async () => {
    const file = await readCollectionFile(text('id,ml\r\np1,25\r\n'), 'pours');
    expect(file.errors.map((error) => [error.row, error.field])).toEqual([
      [0, 'bottleId'],
      [0, 'reason'],
      [0, 'pouredAt'],
    ]);
  });

  it('needs the kind of a single CSV, and refuses a kind for other formats', async () => {
    await expect(readCollectionFile(text('hello, world\n'))).rejects.toThrow(/form field kind/);
    await expect(
      readCollectionFile(text('{"format":"whiskey-tracker","version":1}'), 'whiskies'),
    ).rejects.toThrow(/single CSV/);
  });

  it('refuses a broken CSV with 400', async () => {
    await expect(readCollectionFile(text('id,name\n"open,quote\n'), 'locations')).rejects.toBeInstanceOf(
      BadRequestError,
    );
  });

  it('refuses binary content in none of the formats with 415', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    await expect(readCollectionFile(png, 'whiskies')).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
    const latin1 = Buffer.from('id,name\nw,Ch\xe2teau\n', 'latin1');
    await expect(readCollectionFile(latin1, 'whiskies')).rejects.toThrow(/CSV UTF-8/);
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    await expect(readCollectionFile(xls)).rejects.toThrow(/\.xls/);
  });

  it('refuses an empty file and a damaged zip with 400', async () => {
    await expect(readCollectionFile(Buffer.alloc(0))).rejects.toThrow(/empty/);
    const damaged = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)]);
    await expect(readCollectionFile(damaged)).rejects.toThrow(/zip archive is damaged/);
  });
});
