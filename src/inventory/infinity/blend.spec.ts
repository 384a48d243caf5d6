import { blend, percentages, type BlendEntry } from './blend.js';

const minute = (n: number) => new Date(Date.UTC(2026, 0, 1, 12, n));
const add = (n: number, whiskyId: string, ml: number, abv: number): BlendEntry => ({
  kind: 'addition',
  at: minute(n),
  whiskyId,
  ml,
  abv,
});
const pour = (n: number, ml: number): BlendEntry => ({ kind: 'pour', at: minute(n), ml });

/** Components as `{ whisky: ml }`, to compare with hand-computed values. */
const mlByWhisky = (entries: BlendEntry[]) =>
  Object.fromEntries(blend(entries).components.map((component) => [component.whiskyId, component.ml]));

describe('blend', () => {
  it('is empty, with no strength, for an empty ledger', () => {
    expect(blend([])).toEqual({ volumeMl: 0, components: [], abv: null });
  });

  it('adds up additions of the same whisky', () => {
    const result = blend([add(1, 'A', 100, 46), add(2, 'A', 50, 46)]);
    expect(result.components).toEqual([{ whiskyId: 'A', ml: 150, alcoholMl: 69 }]);
    expect(result.volumeMl).toBe(150);
    expect(result.abv).toBeCloseTo(46, 10);
  });

  it('takes a pour out of every component in proportion to its share', () => {
    // 100 A + 300 B = 400; pouring 200 leaves half of each.
    const entries = [add(1, 'A', 100, 46), add(2, 'B', 300, 40), pour(3, 200)];
    expect(mlByWhisky(entries)).toEqual({ A: 50, B: 150 });
    expect(blend(entries).volumeMl).toBe(200);
  });

  it('computes the acceptance scenario: add, add, pour, add', () => {
    const result = blend([add(1, 'A', 100, 46), add(2, 'B', 300, 40), pour(3, 200), add(4, 'C', 50, 57.1)]);
    expect(result.volumeMl).toBe(250);
    expect(result.components.map((c) => c.whiskyId)).toEqual(['B', 'A', 'C']);
    expect(result.components.map((c) => c.ml)).toEqual([150, 50, 50]);
    // (50×46 + 150×40 + 50×57.1) / 250 = 44.62
    expect(result.abv).toBeCloseTo(44.62, 10);
    expect(percentages(result.components.map((c) => c.ml))).toEqual([60, 20, 20]);
  });

  it('replays in time order whatever order the entries come in', () => {
    const inOrder = [add(1, 'A', 100, 46), pour(2, 50), add(3, 'B', 50, 40)];
    const shuffled = [inOrder[2], inOrder[0], inOrder[1]];
    expect(blend(shuffled)).toEqual(blend(inOrder));
    // Had B gone in before the pour, it would have lost a third as well.
    expect(mlByWhisky(inOrder)).toEqual({ A: 50, B: 50 });
  });

  it('keeps full precision through repeated pours (no rounding drift)', () => {
    // 1/3 each; ten pours of 10 % keep the thirds exact up to float noise.
    const entries: BlendEntry[] = [add(1, 'A', 100, 40), add(2, 'B', 100, 50), add(3, 'C', 100, 60)];
    for (let n = 0; n < 10; n += 1) entries.push(pour(10 + n, 0.1 * 300 * 0.9 ** n));
    const result = blend(entries);
    const expected = 300 * 0.9 ** 10;
    expect(result.volumeMl).toBeCloseTo(expected, 9);
    for (const component of result.components) expect(component.ml).toBeCloseTo(expected / 3, 9);
    expect(result.abv).toBeCloseTo(50, 9);
  });

  it('weights strength by alcohol, also for one whisky added at different strengths', () => {
    const result = blend([add(1, 'A', 100, 40), add(2, 'A', 300, 60), pour(3, 100)]);
    expect(result.components).toHaveLength(1);
    // 40 + 180 = 220 ml of alcohol in 400 ml → 55 %; a proportional pour keeps the strength.
    expect(result.abv).toBeCloseTo(55, 10);
    expect(result.components[0].alcoholMl).toBeCloseTo(165, 10);
  });

  it('empties the vessel on a pour of everything, and starts afresh after it', () => {
    const emptied = blend([add(1, 'A', 100, 46), add(2, 'B', 33.3, 40), pour(3, 133.3)]);
    expect(emptied).toEqual({ volumeMl: 0, components: [], abv: null });
    expect(
      blend([add(1, 'A', 100, 46), pour(2, 100), add(3, 'B', 20, 40)]).components.map((c) => c.whiskyId),
    ).toEqual(['B']);
  });

  it('empties the vessel when float noise would leave a trace (0.1 + 0.2 − 0.3)', () => {
    expect(blend([add(1, 'A', 0.1, 46), add(2, 'B', 0.2, 40), pour(3, 0.3)])).toEqual({
      volumeMl: 0,
      components: [],
      abv: null,
    });
  });

  it('treats a pour of more than remains as emptying the vessel', () => {
    expect(blend([add(1, 'A', 10, 46), pour(2, 25)]).volumeMl).toBe(0);
  });
});

describe('percentages', () => {
  it('rounds to one decimal and always adds up to exactly 100', () => {
    const thirds = percentages([1, 1, 1]);
    expect(thirds).toEqual([33.4, 33.3, 33.3]);
    expect(Math.round(thirds.reduce((a, b) => a + b, 0) * 10)).toBe(1000);
    const uneven = percentages([2, 3, 5, 7, 11, 13]);
    expect(Math.round(uneven.reduce((a, b) => a + b, 0) * 10)).toBe(1000);
    expect(uneven).toEqual([4.9, 7.3, 12.2, 17.1, 26.8, 31.7]);
  });

  it('is not fooled by float noise in exact shares', () => {
    expect(percentages([150.00000000000003, 49.99999999999999, 50.00000000000001])).toEqual([60, 20, 20]);
  });

  it('gives zeros for nothing', () => {
    expect(percentages([])).toEqual([]);
    expect(percentages([0, 0])).toEqual([0, 0]);
  });
});
