import type { Schemas } from '../dataProvider';

/** A single sign-on provider as the API shows it (never its client secret), keyed by its slug. */
export type SsoProvider = Schemas['SsoProviderDto'] & { id: string };
type CreateSsoProvider = Schemas['CreateSsoProviderDto'];
type Role = SsoProvider['defaultRole'];

/** One row of the group → role mapping, as the form edits it. */
export interface GroupRole {
  group: string;
  role: Role;
}

/** The form's values: the API's fields, the mapping as rows, the secret only when typed. */
type FormValues = Partial<Omit<SsoProvider, 'groupRoleMap'>> & {
  groupRoles?: GroupRole[] | null;
  clientSecret?: string | null;
  groupRoleMap?: SsoProvider['groupRoleMap'];
};

/** Scopes asked for when the admin keeps the default (as the API's default). */
export const DEFAULT_SCOPES = 'openid email profile';

/** As the API checks the slug: lower-case letters, digits and inner dashes, 1 to 40 characters. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** Slugs the API keeps for itself (paths under /auth/sso and the environment's provider). */
const RESERVED_SLUGS = ['oidc', 'providers', 'identities', 'exchange', 'public'];

/** Validates a new provider's slug as the API will. */
export function slugProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (!SLUG_PATTERN.test(value)) return 'Lower-case letters, digits and inner dashes, up to 40';
  if (RESERVED_SLUGS.includes(value)) return `"${value}" is reserved: choose another`;
  return undefined;
}

/** Scopes must include `openid`. */
export function scopesProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return value.trim().split(/\s+/).includes('openid')
    ? undefined
    : 'Space-separated scopes, including openid';
}

/** The mapping as rows, for the form. */
export function groupRolesOf(map: SsoProvider['groupRoleMap'] | undefined): GroupRole[] {
  return Object.entries(map ?? {}).map(([group, role]) => ({ group, role }));
}

/** The rows as the API's mapping (a group listed twice keeps its last role). */
function groupRoleMapOf(rows: GroupRole[] | null | undefined): SsoProvider['groupRoleMap'] {
  const map: SsoProvider['groupRoleMap'] = {};
  for (const row of rows ?? []) {
    const group = row.group?.trim();
    if (group && row.role) map[group] = row.role;
  }
  return map;
}

/** The form's initial values beyond the record: the mapping as rows. */
export const formDefaults = (record?: Partial<SsoProvider>) => ({
  groupRoles: groupRolesOf(record?.groupRoleMap),
});

const CREATE_FIELDS: readonly (keyof CreateSsoProvider)[] = [
  'slug',
  'name',
  'buttonLabel',
  'issuerUrl',
  'clientId',
  'clientSecret',
  'scopes',
  'autoProvision',
  'householdId',
  'defaultRole',
  'groupsClaim',
  'enabled',
];

/** A new provider's body: the fields filled in (empty ones take the API's defaults) and the mapping. */
export function toCreate(values: FormValues): CreateSsoProvider {
  const body: Record<string, unknown> = {};
  for (const field of CREATE_FIELDS) {
    const value = values[field as keyof FormValues];
    if (value !== undefined && value !== null && value !== '') body[field] = value;
  }
  body.groupRoleMap = groupRoleMapOf(values.groupRoles);
  return body as unknown as CreateSsoProvider;
}

/**
 * A saved provider's values to compare and send (the data provider sends only what changed): the
 * mapping as the API's object, and the secret only when one was typed (null removes it).
 */
export function toUpdate(values: FormValues): FormValues {
  const { groupRoles, clientSecret, ...rest } = values;
  const next: FormValues = { ...rest, groupRoleMap: groupRoleMapOf(groupRoles) };
  if (clientSecret === null || (typeof clientSecret === 'string' && clientSecret !== ''))
    next.clientSecret = clientSecret;
  return next;
}
