import type { ImportRowErrorDto } from './dto/import-report.dto.js';
import { CellError } from './import-readers.js';
import { checkRows, convertCell } from './import-rows.js';
import { COLUMNS, type Column } from './transfer-format.js';

const column = (kind: keyof typeof COLUMNS, name: string): Column =>
  COLUMNS[kind].find((candidate) => candidate.name === name)!;

describe('cells of an import', () => {
  it('converts spreadsheet text to the column type, unescaping formula quotes', () => {
    expect(convertCell(column('whiskies', 'abv'), ' 46.3 ', 'sheet')).toEqual({ value: 46.3 });
    expect(convertCell(column('whiskies', 'ageYears'), '12', 'sheet')).toEqual({ value: 12 });
    expect(convertCell(column('whiskies', 'caskStrength'), 'TRUE', 'sheet')).toEqual({ value: true });
    expect(convertCell(column('whiskies', 'caskStrength'), '', 'sheet')).toEqual({ value: false });
    expect(convertCell(column('whiskies', 'chillFiltered'), '', 'sheet')).toEqual({ value: null });
    expect(convertCell(column('whiskies', 'tags'), 'peated; islay;;', 'sheet')).toEqual({
      value: ['peated', 'islay'],
    });
    expect(convertCell(column('whiskies', 'barcodes'), 5000281005416, 'sheet')).toEqual({
      value: ['5000281005416'],
    });
    expect(convertCell(column('whiskies', 'notes'), "'=1+1", 'sheet')).toEqual({ value: '=1+1' });
    expect(convertCell(column('bottles', 'openedAt'), new Date('2025-03-14T00:00:00Z'), 'sheet')).toEqual({
      value: '2025-03-14',
    });
    expect(convertCell(column('pours', 'pouredAt'), '2025-03-14T20:15:00+01:00', 'sheet')).toEqual({
      value: new Date('2025-03-14T19:15:00Z'),
    });
    expect(convertCell(column('whiskies', 'notes'), undefined, 'sheet')).toEqual({ value: undefined });
  });

  it('reports what cannot be converted', () => {
    expect(convertCell(column('whiskies', 'abv'), '46,3', 'sheet')).toEqual({
      error: 'abv must be a number (with a dot before decimals)',
    });
    expect(convertCell(column('whiskies', 'ageYears'), '12.5', 'sheet')).toEqual({
      error: 'ageYears must be a whole number',
    });
    expect(convertCell(column('pours', 'pouredAt'), '2025-03-14 20:15', 'sheet')).toMatchObject({
      error: expect.stringContaining('time zone'),
    });
    expect(convertCell(column('whiskies', 'name'), '', 'sheet')).toEqual({ error: 'name is required' });
    expect(convertCell(column('whiskies', 'abv'), new CellError('#N/A'), 'sheet')).toEqual({
      error: 'abv shows the spreadsheet error #N/A',
    });
  });

  it('takes JSON values as typed, without coercion', () => {
    expect(convertCell(column('whiskies', 'abv'), '46.3', 'json')).toMatchObject({
      error: expect.any(String),
    });
    expect(convertCell(column('whiskies', 'name'), 16, 'json')).toEqual({ error: 'name must be text' });
    expect(convertCell(column('whiskies', 'notes'), "'=1+1", 'json')).toEqual({ value: "'=1+1" });
    expect(convertCell(column('whiskies', 'tags'), ['a', 'b'], 'json')).toEqual({ value: ['a', 'b'] });
    expect(convertCell(column('whiskies', 'tags'), [1], 'json')).toEqual({
      error: 'tags must be a list of texts',
    });
  });
});

describe('rows of an import', () => {
  it('validates rows with the rules of the API and reports every field', () => {
    const errors: ImportRowErrorDto[] = [];
    const rows = checkRows(
      'whiskies',
      [
        {
          row: 1,
          cells: { id: 'w1', name: 'Lagavulin 16', style: 'single_malt', abv: '43', tags: 'Peated' },
        },
        {
          row: 2,
          cells: {
            id: 'w2',
            name: 'Odd',
            style: 'wine',
            abv: '140',
            barcodes: '1234567890123',
            bottlerKind: 'independent',
            bottlerName: '',
          },
        },
      ],
      'sheet',
      errors,
    );
    expect(rows[0]).toMatchObject({ id: 'w1', values: { name: 'Lagavulin 16', abv: 43, tags: ['peated'] } });
    expect(rows[1]).toMatchObject({ id: 'w2', values: undefined });
    expect(errors.map((error) => error.field).sort()).toEqual(['abv', 'barcodes', 'bottlerName', 'style']);
    expect(errors.every((error) => error.kind === 'whiskies' && error.row === 2)).toBe(true);
  });

  it('refuses unknown JSON members and elements that are not objects', () => {
    const errors: ImportRowErrorDto[] = [];
    checkRows(
      'locations',
      [
        { row: 1, cells: { id: 'l1', name: 'Cellar', colour: 'red' } },
        { row: 2, cells: 'Cellar' },
      ],
      'json',
      errors,
    );
    expect(errors).toEqual([
      { kind: 'locations', row: 1, field: 'colour', message: 'colour is not a column of locations' },
      { kind: 'locations', row: 2, field: 'row', message: 'each of locations must be an object' },
    ]);
  });

  it('accepts history the API would not take as input: any status and reason', () => {
    const errors: ImportRowErrorDto[] = [];
    checkRows(
      'bottles',
      [{ row: 1, cells: { id: 'b', whiskyId: 'w', status: 'sold', sizeMl: '700', currentVolumeMl: '800' } }],
      'sheet',
      errors,
    );
    checkRows(
      'pours',
      [
        {
          row: 1,
          cells: { id: 'p', bottleId: 'b', ml: 10, reason: 'infinity', pouredAt: '2025-01-01T00:00:00Z' },
        },
      ],
      'json',
      errors,
    );
    expect(errors).toEqual([
      {
        kind: 'bottles',
        row: 1,
        field: 'currentVolumeMl',
        message: 'currentVolumeMl must not be more than sizeMl (700)',
      },
    ]);
  });
});
