import { escapeCellText, unescapeCellText } from './spreadsheet-cells.js';

describe('formula escaping of spreadsheet cells', () => {
  it.each(["=cmd|' /C calc'!A0", '+1', '-5 points', '@SUM(1)', '\tTab', '\rReturn'])(
    'prefixes %j with a single quote',
    (text) => {
      expect(escapeCellText(text)).toBe(`'${text}`);
    },
  );

  it.each(['Lagavulin 16', "'tis a dram", '', '5-year', 'a=b', ' =leading space'])(
    'leaves %j alone',
    (text) => {
      expect(escapeCellText(text)).toBe(text);
    },
  );

  it.each(['=1+1', "'=already quoted", "''@twice", "'tis", "'", '', 'plain', '-', "'-", '\t'])(
    'round-trips %j losslessly',
    (text) => {
      expect(unescapeCellText(escapeCellText(text))).toBe(text);
    },
  );

  it('strips exactly the one quote it added', () => {
    expect(unescapeCellText("'=1+1")).toBe('=1+1');
    expect(unescapeCellText("''=1+1")).toBe("'=1+1");
    expect(unescapeCellText("'plain")).toBe("'plain");
  });
});
