import { useAuthProvider } from 'react-admin';
import type { ConsoleAuthProvider } from '../authProvider';
import type { Schemas } from '../dataProvider';
import { styleLabel } from '../whiskies/whiskyChoices';

type WhiskyStyle = Schemas['WhiskyDto']['style'];

/** A country, region or style of the stats as a label (`null`: the whiskies where it is not recorded). */
export function groupLabel(key: string | null, dimension: 'country' | 'style'): string {
  if (key === null) return 'Not recorded';
  return dimension === 'style' ? (styleLabel(key as WhiskyStyle) ?? key) : key;
}

/** A day (and its time) in the user's locale. */
export function formatDateTime(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** `2026-03` as the month's name: `short` ("Mar") for an axis, `long` ("March 2026") for a tooltip. */
export function formatMonth(month: string, locale: string | undefined, style: 'short' | 'long'): string {
  const [year, index] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, {
    month: style,
    year: style === 'long' ? 'numeric' : undefined,
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, index - 1, 1)));
}

/** The signed-in user's locale (their profile setting), for numbers and dates. */
export function useUserLocale(): string | undefined {
  return useAuthProvider<ConsoleAuthProvider>()?.currentUser()?.locale;
}
