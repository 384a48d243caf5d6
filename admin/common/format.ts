/** The dram a cost per dram is priced at, in ml (a common bar measure in the UK and Europe). */
export const DRAM_ML = 25;

const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** Millilitres as whisky people write them: "25 ml", "455.5 ml". */
export function formatMl(ml: number): string {
  return `${oneDecimal.format(ml)} ml`;
}

/** A share in percent with one decimal at most: "65.1 %". */
export function formatPercent(percent: number): string {
  return `${oneDecimal.format(percent)} %`;
}

/**
 * An amount in its ISO 4217 currency ("£89.90"), or a plain number when the currency is unknown; in
 * `locale` when given (the user's profile), else the browser's.
 */
export function formatMoney(amount: number, currency: string | null | undefined, locale?: string): string {
  if (!currency) return new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(amount);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    // A code the browser does not know: show it beside the number rather than fail the screen.
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** The price of `dramMl` out of a bottle of `sizeMl` that cost `price`. */
export function costOfDram(price: number, sizeMl: number, dramMl = DRAM_ML): number {
  return (price * dramMl) / sizeMl;
}

/** Bytes as people read them: "512 B", "1.4 MB", "3.2 GB" (powers of 1024, the units file managers use). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}
