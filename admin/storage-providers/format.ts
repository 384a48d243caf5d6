const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** A past moment as people say it: "just now", "5 minutes ago", "yesterday", or the date after a week. */
export function formatWhen(iso: string, now = Date.now()): string {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds > 7 * 86_400) return new Date(iso).toLocaleString();
  for (const [unit, size] of UNITS) {
    if (seconds >= size) return relative.format(-Math.floor(seconds / size), unit);
  }
  return relative.format(-1, 'minute');
}

const SIZES = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** Bytes in decimal units, as disks are sold: "12.3 GB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < SIZES.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${oneDecimal.format(value)} ${SIZES[unit]}`;
}
