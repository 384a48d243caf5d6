import { roleLabel, ROLE_CHOICES, type Role } from '../users/roles';

/** What people call the events whose dotted names say little on their own. */
const LABELS: Record<string, string> = {
  'auth.login': 'Signed in',
  'auth.login_failed': 'Sign-in failed',
  'auth.refresh_token_reused': 'Stolen sign-in suspected: session ended',
  'auth.session_revoked': 'Device signed out',
  'auth.password_reset_requested': 'Password reset requested',
  'auth.password_reset': 'Password reset',
  'user.registered': 'Account created',
  'user.email_verified': 'Email address confirmed',
  'user.password_changed': 'Password changed',
  'user.role_changed': 'Role changed',
  'user.disabled': 'User disabled',
  'user.enabled': 'User enabled',
  'settings.registration_changed': 'Registration mode changed',
  'inventory.imported': 'Collection imported',
  'inventory.exported': 'Collection exported',
};

/** Nouns of the other events ("bottle.created" is "Bottle created"). */
const SUBJECTS: Record<string, string> = {
  api_token: 'API token',
  session: 'Tasting session',
  tasting_note: 'Tasting note',
  infinity_bottle: 'Infinity bottle',
};

/** Every action the API records, for the filter. */
const KNOWN_ACTIONS = [
  ...Object.keys(LABELS),
  ...['created', 'revoked'].map((verb) => `api_token.${verb}`),
  ...['created', 'revoked'].map((verb) => `invite.${verb}`),
  ...['whisky', 'bottle', 'location', 'infinity_bottle', 'session', 'tasting_note'].flatMap((subject) =>
    ['created', 'updated', 'deleted'].map((verb) => `${subject}.${verb}`),
  ),
  'pour.created',
  'pour.deleted',
  'infinity_bottle.added',
  'infinity_bottle.poured',
  'infinity_bottle.entry_undone',
  ...['started', 'finished', 'cancelled', 'revealed', 'shared', 'share_revoked'].map(
    (verb) => `session.${verb}`,
  ),
  ...[
    'participant_added',
    'participant_removed',
    'item_added',
    'item_updated',
    'item_removed',
    'item_revealed',
  ].map((verb) => `session.${verb}`),
];

const words = (name: string) => name.replace(/_/g, ' ');
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A readable name for an audit action: "auth.login" is "Signed in", "bottle.created" "Bottle created". */
export function actionLabel(action: string): string {
  const known = LABELS[action];
  if (known) return known;
  const [subject, ...verb] = action.split('.');
  return `${SUBJECTS[subject] ?? capitalized(words(subject))} ${words(verb.join(' '))}`.trim();
}

/** The action filter's choices, by their readable names. */
export const ACTION_CHOICES = KNOWN_ACTIONS.map((id) => ({ id, name: actionLabel(id) })).sort((a, b) =>
  a.name.localeCompare(b.name),
);

const ROLE_KEYS = new Set(['role', 'from', 'to']);
const isRole = (value: string): value is Role => ROLE_CHOICES.some((choice) => choice.id === value);

function formatValue(key: string, value: unknown): string {
  if (typeof value === 'string') return ROLE_KEYS.has(key) && isRole(value) ? roleLabel(value) : words(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map((item) => formatValue(key, item)).join(', ');
  if (value && typeof value === 'object')
    return Object.entries(value)
      .map(([name, inner]) => `${words(name)} ${formatValue(name, inner)}`)
      .join(', ');
  return String(value);
}

/**
 * The facts of an event in one line ("from Member to Read-only", "reason: wrong password"); ids are
 * left to the expanded row, where the whole record is shown.
 */
export function detailsSummary(details: Record<string, unknown> | null): string {
  if (!details) return '';
  if (typeof details.from === 'string' && typeof details.to === 'string')
    return `from ${formatValue('from', details.from)} to ${formatValue('to', details.to)}`;
  return Object.entries(details)
    .filter(([key, value]) => !/Id$/.test(key) && value !== null && value !== undefined)
    .map(
      ([key, value]) =>
        `${words(key.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase())}: ${formatValue(key, value)}`,
    )
    .join(' · ');
}
