import type {
  CreateParams,
  DataProvider,
  DeleteManyParams,
  DeleteParams,
  GetListParams,
  GetManyParams,
  GetManyReferenceParams,
  GetOneParams,
  Identifier,
  RaRecord,
  UpdateManyParams,
  UpdateParams,
} from 'react-admin';
import { API_ROOT, apiFetch, apiJson, apiUpload } from './authProvider';
import type { components, operations } from './api/schema';
import { createPasskey } from './login/webauthn';

/** The API's payload types, generated from docs/openapi.json. */
export type Schemas = components['schemas'];

/** API path of each console resource whose name is not its path. */
const RESOURCE_PATHS: Record<string, string> = {
  'api-tokens': '/auth/api-tokens',
  'auth-sessions': '/auth/sessions',
  'storage-providers': '/storage/providers',
  'backup-policies': '/backups/policies',
  'backup-runs': '/backups/runs',
  'sso-providers': '/auth/sso/providers',
};

/** Resources whose records the API keys by another field than `id`: react-admin's `id` is that field. */
const RECORD_KEYS: Record<string, string> = { 'sso-providers': 'slug' };

/** `record` with react-admin's `id` set from the API's key of `resource` (unchanged for most resources). */
function withId<T>(resource: string, record: T): T {
  const key = RECORD_KEYS[resource];
  return key ? { ...record, id: (record as Record<string, unknown>)[key] } : record;
}

function pathOf(resource: string): string {
  return RESOURCE_PATHS[resource] ?? `/${resource}`;
}

type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** Query string of a list request: paging, sorting, `q` and the resource's named filters. */
function queryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, String(item));
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A list answer: the API's `{ data, total }` page, or a plain array for the few short lists. */
type ListBody<T> = { data: T[]; total: number } | T[];

async function fetchList<T>(path: string, query: Record<string, QueryValue>) {
  const body = await apiJson<ListBody<T>>(`${path}${queryString(query)}`);
  return Array.isArray(body) ? { data: body, total: body.length } : body;
}

function listQuery(params: Pick<GetListParams, 'pagination' | 'sort' | 'filter'>) {
  return {
    ...(params.filter as Record<string, QueryValue>),
    page: params.pagination?.page,
    perPage: params.pagination?.perPage,
    sort: params.sort?.field === 'id' ? undefined : params.sort?.field,
    order: params.sort?.field === 'id' ? undefined : params.sort?.order,
  };
}

/**
 * The fields of `data` that differ from `previous`, plus the `version` read (the API refuses a stale
 * one with 409): a PATCH sends only what the user changed.
 */
export function changedFields(data: Record<string, unknown>, previous: Record<string, unknown>) {
  const changed = Object.fromEntries(
    Object.entries(data).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(previous[key])),
  );
  return 'version' in previous ? { ...changed, version: previous.version } : changed;
}

const enc = encodeURIComponent;
const post = <T>(path: string, body?: unknown) => apiJson<T>(path, { method: 'POST', body });

/** The query of `GET /export`: the file's format and, optionally, the one kind of record it holds. */
export type ExportQuery = operations['TransferController_export']['parameters']['query'];
/** A kind of record of a collection file (one CSV holds one kind). */
export type CollectionKind = NonNullable<ExportQuery['kind']>;

/** What photos belong to: a bottle or a whisky (the API collection names). */
export type PhotoOwner = 'bottles' | 'whiskies';

/** A file the API answered with, to be saved by the browser. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

/** The resource methods react-admin calls, mapped onto the API's list convention and REST routes. */
const crud = {
  async getList(resource: string, params: GetListParams) {
    const page = await fetchList(pathOf(resource), listQuery(params));
    return { ...page, data: page.data.map((record) => withId(resource, record)) };
  },
  async getOne(resource: string, params: GetOneParams) {
    return { data: withId(resource, await apiJson(`${pathOf(resource)}/${enc(String(params.id))}`)) };
  },
  async getMany(resource: string, params: GetManyParams) {
    const ids = [...new Set(params.ids.map(String))];
    const data = await Promise.all(ids.map((id) => apiJson(`${pathOf(resource)}/${enc(id)}`)));
    return { data: data.map((record) => withId(resource, record)) };
  },
  async getManyReference(resource: string, params: GetManyReferenceParams) {
    return fetchList(
      pathOf(resource),
      listQuery({ ...params, filter: { ...(params.filter as object), [params.target]: params.id } }),
    );
  },
  async create(resource: string, params: CreateParams) {
    return { data: withId(resource, await post(pathOf(resource), params.data)) };
  },
  async update(resource: string, params: UpdateParams) {
    const body = changedFields(
      params.data as Record<string, unknown>,
      params.previousData as Record<string, unknown>,
    );
    return {
      data: withId(
        resource,
        await apiJson(`${pathOf(resource)}/${enc(String(params.id))}`, { method: 'PATCH', body }),
      ),
    };
  },
  async updateMany(resource: string, params: UpdateManyParams) {
    for (const id of params.ids) {
      await apiJson(`${pathOf(resource)}/${enc(String(id))}`, { method: 'PATCH', body: params.data });
    }
    return { data: params.ids };
  },
  async delete(resource: string, params: DeleteParams) {
    await apiJson(`${pathOf(resource)}/${enc(String(params.id))}`, { method: 'DELETE' });
    return { data: (params.previousData as RaRecord | undefined) ?? { id: params.id as Identifier } };
  },
  async deleteMany(resource: string, params: DeleteManyParams) {
    for (const id of params.ids)
      await apiJson(`${pathOf(resource)}/${enc(String(id))}`, { method: 'DELETE' });
    return { data: params.ids };
  },
};

type Id = Identifier;

/** The domain actions beyond CRUD, one typed method per API operation the console uses. */
const actions = {
  // Inventory
  pour: (bottleId: Id, body: Schemas['CreatePourDto']) =>
    post<Schemas['PourDto']>(`/bottles/${enc(String(bottleId))}/pours`, body),
  addToInfinityBottle: (id: Id, body: Schemas['AddToInfinityBottleDto']) =>
    post<Schemas['InfinityBottleDetailDto']>(`/infinity-bottles/${enc(String(id))}/additions`, body),
  pourFromInfinityBottle: (id: Id, body: Schemas['PourFromInfinityBottleDto']) =>
    post<Schemas['InfinityBottleDetailDto']>(`/infinity-bottles/${enc(String(id))}/pours`, body),
  removeInfinityEntry: (id: Id, entryId: Id) =>
    apiJson<void>(`/infinity-bottles/${enc(String(id))}/entries/${enc(String(entryId))}`, {
      method: 'DELETE',
    }),
  collectionStats: () => apiJson<Schemas['CollectionStatsDto']>('/stats/collection'),
  whiskyNotes: (whiskyId: Id) =>
    apiJson<Schemas['WhiskyNotesDto']>(`/whiskies/${enc(String(whiskyId))}/notes`),

  // Photos
  /** The photos of a bottle or whisky, cover first. */
  photos: (owner: PhotoOwner, ownerId: Id) =>
    apiJson<Schemas['PhotoDto'][]>(`/${owner}/${enc(String(ownerId))}/photos`),
  /**
   * Uploads an image, reporting the share of it sent so far (0 to 1); the photo is `processing` until
   * its thumbnails exist.
   */
  uploadPhoto: (owner: PhotoOwner, ownerId: Id, file: File, onProgress: (sent: number) => void) => {
    const form = new FormData();
    form.append('file', file);
    return apiUpload<Schemas['PhotoDto']>(`/${owner}/${enc(String(ownerId))}/photos`, form, onProgress);
  },
  setCoverPhoto: (owner: PhotoOwner, ownerId: Id, photoId: Id) =>
    post<Schemas['PhotoDto']>(`/${owner}/${enc(String(ownerId))}/photos/${enc(String(photoId))}/cover`),
  deletePhoto: (owner: PhotoOwner, ownerId: Id, photoId: Id) =>
    apiJson<void>(`/${owner}/${enc(String(ownerId))}/photos/${enc(String(photoId))}`, { method: 'DELETE' }),
  /** One of a photo's files (its `urls`), fetched with the access token, as a Blob. */
  async photoFile(url: string): Promise<Blob> {
    return (await apiFetch(url.startsWith(API_ROOT) ? url.slice(API_ROOT.length) : url)).blob();
  },

  // Tastings
  addParticipant: (sessionId: Id, body: Schemas['AddParticipantDto']) =>
    post<Schemas['AddedParticipantDto']>(`/sessions/${enc(String(sessionId))}/participants`, body),
  removeParticipant: (sessionId: Id, participantId: Id) =>
    apiJson<void>(`/sessions/${enc(String(sessionId))}/participants/${enc(String(participantId))}`, {
      method: 'DELETE',
    }),
  addFlightItem: (sessionId: Id, body: Schemas['AddFlightItemDto']) =>
    post<Schemas['TastingSessionDto']>(`/sessions/${enc(String(sessionId))}/items`, body),
  updateFlightItem: (sessionId: Id, itemId: Id, body: Schemas['UpdateFlightItemDto']) =>
    apiJson<Schemas['TastingSessionDto']>(
      `/sessions/${enc(String(sessionId))}/items/${enc(String(itemId))}`,
      {
        method: 'PATCH',
        body,
      },
    ),
  removeFlightItem: (sessionId: Id, itemId: Id) =>
    apiJson<void>(`/sessions/${enc(String(sessionId))}/items/${enc(String(itemId))}`, { method: 'DELETE' }),
  /** Moves a session along: start (live), finish, cancel, or reveal every blind sample. */
  sessionTransition: (sessionId: Id, transition: 'start' | 'finish' | 'cancel' | 'reveal') =>
    post<Schemas['TastingSessionDto']>(`/sessions/${enc(String(sessionId))}/${transition}`),
  revealFlightItem: (sessionId: Id, itemId: Id) =>
    post<Schemas['TastingSessionDto']>(
      `/sessions/${enc(String(sessionId))}/items/${enc(String(itemId))}/reveal`,
    ),
  /** A session's notes (up to 100: a flight's samples × its participants), or only mine. */
  sessionNotes: (sessionId: Id, query: { mine?: boolean } = {}) =>
    fetchList<Schemas['TastingNoteDto']>(`/sessions/${enc(String(sessionId))}/notes`, {
      perPage: 100,
      ...query,
    }),
  sessionResults: (sessionId: Id) =>
    apiJson<Schemas['SessionResultsDto']>(`/sessions/${enc(String(sessionId))}/results`),
  shareSession: (sessionId: Id) =>
    post<Schemas['SessionShareDto']>(`/sessions/${enc(String(sessionId))}/share`),
  unshareSession: (sessionId: Id) =>
    apiJson<void>(`/sessions/${enc(String(sessionId))}/share`, { method: 'DELETE' }),
  flavourTags: () => apiJson<Schemas['FlavourFamilyDto'][]>('/flavour-tags'),
  /** A guest's view of a session, through the guest link (no account). */
  guestSession: (token: string, scale?: Schemas['UserDto']['ratingScale']) =>
    apiJson<Schemas['GuestSessionDto']>(`/guest/${enc(token)}${queryString({ scale })}`, { anonymous: true }),
  saveGuestNote: (token: string, itemId: Id, body: Schemas['GuestNoteDto']) =>
    apiJson<Schemas['TastingNoteDto']>(`/guest/${enc(token)}/items/${enc(String(itemId))}/note`, {
      method: 'PUT',
      body,
      anonymous: true,
    }),
  /** A session's results through its public share link. */
  sharedResults: (token: string) =>
    apiJson<Schemas['SharedSessionResultsDto']>(`/shared/sessions/${enc(token)}`, { anonymous: true }),

  // Import and export
  /** Checks (`dryRun`) or imports a collection file; a file with errors is refused with a 422 carrying the report. */
  importCollection: (file: File, options: { dryRun: boolean; kind?: CollectionKind }) => {
    const form = new FormData();
    form.append('dryRun', String(options.dryRun));
    if (options.kind) form.append('kind', options.kind);
    form.append('file', file);
    return apiJson<Schemas['ImportReportDto']>('/import', { method: 'POST', body: form });
  },
  /** Downloads the collection in `format` (a CSV `kind` gives that one CSV instead of a zip). */
  async exportCollection(query: ExportQuery): Promise<DownloadedFile> {
    const response = await apiFetch(`/export${queryString(query)}`);
    const disposition = response.headers.get('content-disposition') ?? '';
    const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `whiskey-tracker.${query.format}`;
    return { blob: await response.blob(), fileName };
  },

  // Account and administration (reading my account goes through authProvider.refreshUser, which keeps its copy)
  updateMe: (body: Schemas['UpdateProfileDto']) =>
    apiJson<Schemas['UserDto']>('/users/me', { method: 'PATCH', body }),
  registrationSettings: () => apiJson<Schemas['RegistrationSettingsDto']>('/settings/registration'),
  updateRegistrationSettings: (body: Schemas['UpdateRegistrationSettingsDto']) =>
    apiJson<Schemas['RegistrationSettingsDto']>('/settings/registration', { method: 'PUT', body }),
  consoleLinks: () => apiJson<Schemas['ConsoleLinksDto']>('/console/links'),

  // Storage providers (instance admins)
  testStorageProvider: (id: Id) =>
    apiJson<Schemas['ConnectionTestResultDto']>(`/storage/providers/${enc(String(id))}/test`, {
      method: 'POST',
    }),
  testStorageSettings: (body: Schemas['TestStorageSettingsDto']) =>
    apiJson<Schemas['ConnectionTestResultDto']>('/storage/providers/test', { method: 'POST', body }),

  // Backups (instance admins)
  runBackupNow: (policyId: Id) =>
    apiJson<Schemas['BackupJobAcceptedDto']>(`/backups/policies/${enc(String(policyId))}/run`, {
      method: 'POST',
    }),
  retentionPreview: (policyId: Id, rules: Schemas['RetentionRulesDto']) =>
    apiJson<Schemas['RetentionPreviewDto']>(`/backups/policies/${enc(String(policyId))}/retention-preview`, {
      method: 'POST',
      body: rules,
    }),
  verifyBackup: (runId: Id, level: Schemas['VerifyBackupDto']['level']) =>
    apiJson<Schemas['BackupJobAcceptedDto']>(`/backups/runs/${enc(String(runId))}/verify`, {
      method: 'POST',
      body: { level },
    }),
  restoreBackup: (runId: Id, confirm: string) =>
    apiJson<Schemas['BackupJobAcceptedDto']>(`/backups/runs/${enc(String(runId))}/restore`, {
      method: 'POST',
      body: { confirm },
    }),
  backupHealth: () => apiJson<Schemas['BackupHealthDto']>('/backups/runs/health'),
  backupIdentity: () => apiJson<Schemas['BackupIdentityDto']>('/backups/identity'),
  /** The backup identity file, after the admin entered their password again. */
  async downloadBackupIdentity(password: string): Promise<DownloadedFile> {
    const response = await apiFetch('/backups/identity/download', { method: 'POST', body: { password } });
    return { blob: await response.blob(), fileName: 'whiskey-tracker-backup-identity.txt' };
  },

  // My sign-in security (My account → Security): two-factor sign-in, passkeys, linked SSO accounts
  mfaStatus: () => apiJson<Schemas['MfaStatusDto']>('/auth/mfa'),
  /** Starts setting up an authenticator app; the answer holds the secret, shown this once. */
  startTotpSetup: (password: string) => post<Schemas['TotpSetupDto']>('/auth/mfa/totp/setup', { password }),
  /** Turns two-factor sign-in on with the app's code; the answer holds the recovery codes, shown once. */
  confirmTotp: (code: string) => post<Schemas['RecoveryCodesDto']>('/auth/mfa/totp/confirm', { code }),
  regenerateRecoveryCodes: (body: Schemas['ConfirmWithSecondFactorDto']) =>
    post<Schemas['RecoveryCodesDto']>('/auth/mfa/recovery-codes/regenerate', body),
  disableTotp: (body: Schemas['ConfirmWithSecondFactorDto']) => post<void>('/auth/mfa/totp/disable', body),
  passkeys: () => apiJson<Schemas['PasskeyDto'][]>('/auth/passkeys'),
  /** Adds a passkey: the browser asks the person to create one on the API's options, then it is saved. */
  async addPasskey(body: Omit<Schemas['RegisterPasskeyDto'], 'response'>) {
    const options = await post<Schemas['CreationOptionsDto']>('/auth/passkeys/registration/options');
    const response = await createPasskey(options);
    return post<Schemas['PasskeyDto']>('/auth/passkeys/registration', { ...body, response });
  },
  updatePasskey: (id: Id, body: Schemas['UpdatePasskeyDto']) =>
    apiJson<Schemas['PasskeyDto']>(`/auth/passkeys/${enc(String(id))}`, { method: 'PATCH', body }),
  removePasskey: (id: Id) => apiJson<void>(`/auth/passkeys/${enc(String(id))}`, { method: 'DELETE' }),
  ssoIdentities: () => apiJson<Schemas['UserIdentityDto'][]>('/auth/sso/identities'),
  unlinkSsoIdentity: (id: Id) =>
    apiJson<void>(`/auth/sso/identities/${enc(String(id))}`, { method: 'DELETE' }),
  // End of my sign-in security

  // Sign-in administration: 2FA requirement, password sign-in (instance admins), a member's 2FA reset (admins)
  mfaPolicy: () => apiJson<Schemas['MfaPolicyDto']>('/auth/mfa/policy'),
  updateMfaPolicy: (body: Schemas['UpdateMfaPolicyDto']) =>
    apiJson<Schemas['MfaPolicyDto']>('/auth/mfa/policy', { method: 'PUT', body }),
  passwordLoginSettings: () => apiJson<Schemas['PasswordLoginSettingsDto']>('/settings/password-login'),
  updatePasswordLoginSettings: (body: Schemas['UpdatePasswordLoginSettingsDto']) =>
    apiJson<Schemas['PasswordLoginSettingsDto']>('/settings/password-login', { method: 'PUT', body }),
  resetUserMfa: (userId: Id) => post<Schemas['MfaResetDto']>(`/users/${enc(String(userId))}/mfa/reset`),
  // End of sign-in administration
};

/** The console's data provider: react-admin's CRUD methods plus the domain actions. */
export const dataProvider = { ...crud, ...actions } as DataProvider & typeof actions;

/** The data provider's type, for `useDataProvider<ConsoleDataProvider>()`. */
export type ConsoleDataProvider = typeof dataProvider;
