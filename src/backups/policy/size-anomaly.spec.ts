import { isSizeAnomaly, median } from './size-anomaly.js';

describe('median', () => {
  it.each<[number[], number]>([
    [[5], 5],
    [[1, 2], 1.5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 1000], 10],
    [[7, 7, 7, 7], 7],
    [[0, 1_000_000_000, 3_000_000_000, 2_000_000_000], 1_500_000_000],
  ])('median(%j) = %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('leaves its input in order and refuses an empty list', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('isSizeAnomaly', () => {
  const sevenHundreds = [100, 100, 100, 100, 100, 100, 100];

  it.each<[string, number, number[], { window?: number; tolerance?: number } | undefined, boolean]>([
    ['the usual size (odd median 100 of 90, 100, 110)', 100, [100, 90, 110], undefined, false],
    ['exactly 50 % larger is not an anomaly', 150, [100, 90, 110], undefined, false],
    ['just over 50 % larger is', 151, [100, 90, 110], undefined, true],
    ['exactly 50 % smaller is not an anomaly', 50, [100, 90, 110], undefined, false],
    ['just over 50 % smaller is', 49, [100, 90, 110], undefined, true],
    ['an empty backup after normal ones is', 0, [100, 90, 110], undefined, true],
    [
      'even median: 250 of 100, 200, 300, 400; +50 % = 375 is not',
      375,
      [100, 200, 300, 400],
      undefined,
      false,
    ],
    ['even median: 376 is', 376, [100, 200, 300, 400], undefined, true],
    ['even median: −50 % = 125 is not', 125, [100, 200, 300, 400], undefined, false],
    ['even median: 124 is', 124, [100, 200, 300, 400], undefined, true],
    ['no history: never an anomaly', 1_000_000, [], undefined, false],
    ['two earlier runs are too few to judge', 1_000_000, [100, 100], undefined, false],
    ['three earlier runs are enough', 1_000_000, [100, 100, 100], undefined, true],
    // The 7 newest are 100; the 8 older ones (1000) would move the median to 1000 if the window were ignored.
    [
      'only the 7 newest runs count',
      100,
      [...sevenHundreds, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
      undefined,
      false,
    ],
    [
      'only the 7 newest runs count (other way round)',
      1000,
      [...sevenHundreds, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
      undefined,
      true,
    ],
    [
      'a window of 3 looks at the 3 newest only',
      500,
      [500, 500, 500, 100, 100, 100, 100],
      { window: 3 },
      false,
    ],
    ['a tolerance of 20 %: 120 is not', 120, [100, 100, 100], { tolerance: 0.2 }, false],
    ['a tolerance of 20 %: 121 is', 121, [100, 100, 100], { tolerance: 0.2 }, true],
    ['all earlier backups empty, this one empty too', 0, [0, 0, 0], undefined, false],
    ['all earlier backups empty, this one not', 1, [0, 0, 0], undefined, true],
    [
      'gigabytes: 1.5 GiB after 1 GiB runs is exactly 50 %',
      1.5 * 2 ** 30,
      [2 ** 30, 2 ** 30, 2 ** 30],
      undefined,
      false,
    ],
  ])('%s', (_name, size, previous, options, expected) => {
    expect(isSizeAnomaly(size, previous, options)).toBe(expected);
  });

  it('refuses sizes and options that make no sense', () => {
    expect(() => isSizeAnomaly(-1, [100, 100, 100])).toThrow(RangeError);
    expect(() => isSizeAnomaly(Number.NaN, [100, 100, 100])).toThrow(RangeError);
    expect(() => isSizeAnomaly(100, [100, Number.POSITIVE_INFINITY, 100])).toThrow(RangeError);
    expect(() => isSizeAnomaly(100, [100, 100, 100], { window: 0 })).toThrow('window must be a whole number');
    expect(() => isSizeAnomaly(100, [100, 100, 100], { window: 2.5 })).toThrow(
      'window must be a whole number',
    );
    expect(() => isSizeAnomaly(100, [100, 100, 100], { tolerance: -0.1 })).toThrow(
      'tolerance must be 0 or more',
    );
  });
});
