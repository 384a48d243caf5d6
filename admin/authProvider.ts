import { HttpError, type AuthProvider, type UserIdentity } from 'react-admin';
import type { components } from './api/schema';
import { signWithPasskey } from './login/webauthn';

type Schemas = components['schemas'];
/** The signed-in account, as the API describes it. */
export type CurrentUser = Schemas['UserDto'];
/** What the console may show to the signed-in user. */
export interface Permissions {
  role: CurrentUser['role'];
  /** Administers the instance (registration mode, job board). */
  instanceAdmin: boolean;
  /** May change data: not a read-only account. */
  canWrite: boolean;
}

/** Every API call starts here; the console is served by the API, so the origin is the same. */
export const API_ROOT = '/api/v1';
const STORAGE_KEY = 'whiskey-tracker.auth';
/** Where the console sends a user who must still turn two-factor sign-in on: My account → Security. */
export const SECURITY_PAGE = '/account#security';
/** The problem type of the API's 403 to a session that must enrol in two-factor sign-in first. */
const ENROLMENT_REQUIRED = '/problems/two-factor-enrolment-required';

interface StoredSession {
  accessToken: string;
  refreshToken: string;
  user: CurrentUser;
  permissions?: Permissions;
}

function readSession(): StoredSession | null {
  const raw = localStorage.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as StoredSession;
  } catch {
    localStorage.removeItem(STORAGE_KEY);
    return null;
  }
}

function writeSession(session: StoredSession | null): void {
  if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else localStorage.removeItem(STORAGE_KEY);
}

function storeTokens(tokens: Schemas['TokenResponseDto']): CurrentUser {
  writeSession({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, user: tokens.user });
  return tokens.user;
}

/** A way to finish a password sign-in that asked for a second factor. */
export type SecondFactorMethod = Schemas['MfaChallengeDto']['methods'][number];

/**
 * The answer to a right password when two-factor sign-in is on: {@link authProvider.login} throws it,
 * and the sign-in screen asks for a second factor to complete `challenge` with.
 */
export class SecondFactorRequired extends Error {
  constructor(
    readonly challenge: string,
    readonly methods: SecondFactorMethod[],
  ) {
    super('Confirm the sign-in with your second factor');
    this.name = 'SecondFactorRequired';
  }
}

/**
 * What the console signs in with: the password, then (two-factor sign-in on) the challenge with a
 * code of the authenticator app, a recovery code or a passkey; a passkey alone; or the one-time code
 * a single sign-on ends with.
 */
export type SignInRequest =
  | { email: string; password: string }
  | { challenge: string; code: string }
  | { challenge: string; recoveryCode: string }
  | { challenge: string; passkey: true }
  | { passkey: true }
  | { ssoCode: string };

/** What a sign-in tells the sign-in screen besides the stored session. */
export interface SignedIn {
  /** Present only when the user must go somewhere else than the page they came for (react-admin's rule). */
  redirectTo?: string;
  /** How many recovery codes are left, when one was just used. */
  recoveryCodesRemaining?: number;
}

/** Stores a new session; a user the policy requires to enrol in two-factor sign-in goes to Security. */
function signedIn(tokens: Schemas['TokenResponseDto']): SignedIn {
  storeTokens(tokens);
  return {
    ...(tokens.mfaEnrolmentRequired ? { redirectTo: SECURITY_PAGE } : {}),
    ...(tokens.recoveryCodesRemaining !== undefined
      ? { recoveryCodesRemaining: tokens.recoveryCodesRemaining }
      : {}),
  };
}

/** The API's answer to a password: tokens, or a challenge for the second step. */
type PasswordSignInAnswer = Schemas['TokenResponseDto'] | Schemas['MfaChallengeDto'];

/** A passkey's signature over a sign-in request the API started. */
async function passkeyAssertion(
  started: Schemas['PasskeyRequestDto'],
): Promise<Schemas['PasskeyAssertionDto']> {
  const response = await signWithPasskey(started.options);
  // The browser's JSON is the API's AuthenticationCredentialDto; the generated type spells its
  // literal unions as plain strings.
  return { requestId: started.requestId, response: response as Schemas['AuthenticationCredentialDto'] };
}

/** Sends the sign-in `request` to the API and stores the session it answers with. */
async function signIn(request: SignInRequest): Promise<SignedIn> {
  const anonymous = { method: 'POST', anonymous: true } as const;
  if ('ssoCode' in request) {
    return signedIn(await apiJson('/auth/sso/exchange', { ...anonymous, body: { code: request.ssoCode } }));
  }
  if ('email' in request) {
    const answer = await apiJson<PasswordSignInAnswer>('/auth/login', {
      ...anonymous,
      body: { email: request.email, password: request.password },
    });
    if ('mfaRequired' in answer && answer.mfaRequired)
      throw new SecondFactorRequired(answer.challenge, answer.methods);
    return signedIn(answer as Schemas['TokenResponseDto']);
  }
  if (!('challenge' in request)) {
    const started = await apiJson<Schemas['PasskeyRequestDto']>('/auth/passkeys/login/options', anonymous);
    return signedIn(
      await apiJson('/auth/passkeys/login', { ...anonymous, body: await passkeyAssertion(started) }),
    );
  }
  let proof: Omit<Schemas['MfaSignInDto'], 'challenge'>;
  if ('passkey' in request) {
    const started = await apiJson<Schemas['PasskeyRequestDto']>('/auth/passkeys/mfa/options', {
      ...anonymous,
      body: { challenge: request.challenge },
    });
    proof = { passkey: await passkeyAssertion(started) };
  } else if ('code' in request) proof = { code: request.code.replace(/\s/g, '') };
  else proof = { recoveryCode: request.recoveryCode.trim() };
  return signedIn(
    await apiJson('/auth/mfa', { ...anonymous, body: { challenge: request.challenge, ...proof } }),
  );
}

/** A problem+json body (RFC 9457), as every API error is shaped. */
type Problem = Schemas['ProblemDetailsDto'];

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && 'status' in body && 'detail' in body;
}

/** The body of the console's HttpErrors: react-admin's field errors, and the problem document as sent. */
export interface ApiErrorBody {
  /** Field errors keyed by field path, which react-admin puts on the form fields. */
  errors?: Record<string, unknown>;
  /** The API's problem document, untouched (e.g. an import's row-by-row report). */
  problem: Problem & Record<string, unknown>;
}

/**
 * Turns an API error into react-admin's HttpError: the problem's `detail` becomes the notification
 * text, its field errors land on the form fields, and the whole problem stays at `body.problem`.
 */
export async function toHttpError(response: Response): Promise<HttpError> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // Not JSON (a proxy's error page): the status text is all there is to show.
  }
  if (!isProblem(body))
    return new HttpError(response.statusText || `HTTP ${response.status}`, response.status, body);
  // A field may break several rules (a weak password): show them all under it.
  const fieldErrors: Record<string, string> = {};
  for (const { field, message } of body.errors ?? []) {
    fieldErrors[field] = fieldErrors[field] ? `${fieldErrors[field]}; ${message}` : message;
  }
  const errors = body.errors?.length ? { ...fieldErrors, root: { serverError: body.detail } } : undefined;
  return new HttpError(body.detail, response.status, { errors, problem: body } satisfies ApiErrorBody);
}

/** Resources only household admins manage. */
const ADMIN_RESOURCES = new Set(['users', 'invites', 'audit-events']);
/** A user's own sign-ins and API tokens: even read-only accounts manage these. */
const SELF_SERVICE_RESOURCES = new Set(['auth-sessions', 'api-tokens']);
/** What a read-only account may do elsewhere. */
const READ_ACTIONS = new Set(['list', 'show', 'export']);

/** Serialises refreshes across the browser's tabs, which share the stored session. */
const REFRESH_LOCK = 'whiskey-tracker.refresh';
let refreshing: Promise<boolean> | null = null;

/**
 * Exchanges the stored refresh token for a new pair, unless the session no longer holds the access
 * token that was refused (another tab refreshed it meanwhile). Refresh tokens are single-use: the API
 * ends the whole session when one is presented twice, so this must never run twice for one token.
 */
async function exchangeRefreshToken(refusedAccessToken: string): Promise<boolean> {
  const session = readSession();
  if (!session) return false;
  if (session.accessToken !== refusedAccessToken) return true;
  const response = await fetch(`${API_ROOT}/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: session.refreshToken }),
  });
  if (response.ok) {
    const tokens = (await response.json()) as Schemas['TokenResponseDto'];
    writeSession({
      ...session,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      user: tokens.user,
    });
    return true;
  }
  // A refused refresh token ends the session; an overloaded or failing server does not.
  if (response.status === 429 || response.status >= 500) throw await toHttpError(response);
  writeSession(null);
  return false;
}

/**
 * Renews the session once, however many requests hit a 401 at the same time: they all wait for the
 * same exchange (and other tabs wait for the lock, then find the new pair already stored).
 */
function refreshOnce(refusedAccessToken: string): Promise<boolean> {
  refreshing ??= (
    'locks' in navigator
      ? navigator.locks.request(REFRESH_LOCK, () => exchangeRefreshToken(refusedAccessToken))
      : exchangeRefreshToken(refusedAccessToken)
  ).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** A request to the API, relative to /api/v1. */
export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON, or as is when it is FormData. */
  body?: unknown;
  /** Skip the access token (public endpoints: sign-in, guest and shared pages). */
  anonymous?: boolean;
}

/**
 * Sends a request with the stored access token (none when `anonymous`), refreshing the token once on
 * a 401 and sending again; an answer that is not OK is thrown as an {@link HttpError}.
 */
async function withAccessToken(
  send: (token: string | undefined) => Promise<Response>,
  anonymous = false,
): Promise<Response> {
  const token = anonymous ? undefined : readSession()?.accessToken;
  let response = await send(token);
  if (response.status === 401 && token) {
    // A request sent before a refresh finished only needs the new token, not another refresh.
    const current = readSession()?.accessToken;
    const renewed = current && current !== token ? true : await refreshOnce(token);
    if (renewed) response = await send(readSession()?.accessToken);
  }
  if (!response.ok) throw await toHttpError(response);
  return response;
}

/**
 * Calls the API with the access token, refreshing it once on a 401 and retrying; errors are thrown
 * as {@link HttpError}s built from the problem document.
 */
export async function apiFetch(path: string, request: ApiRequest = {}): Promise<Response> {
  const send = (token: string | undefined) => {
    const headers = new Headers({ accept: 'application/json' });
    if (token) headers.set('authorization', `Bearer ${token}`);
    let body: BodyInit | undefined;
    if (request.body instanceof FormData) body = request.body;
    else if (request.body !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(request.body);
    }
    return fetch(`${API_ROOT}${path}`, { method: request.method ?? 'GET', headers, body });
  };
  return withAccessToken(send, request.anonymous);
}

/** The headers of an XHR answer, as a Headers object. */
function responseHeaders(xhr: XMLHttpRequest): Headers {
  const headers = new Headers();
  for (const line of xhr
    .getAllResponseHeaders()
    .trim()
    .split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}

/**
 * POSTs a multipart form and answers its JSON, reporting how much of the body has been sent (0 to 1)
 * as it goes: fetch cannot report upload progress, XMLHttpRequest can. Tokens and errors are handled
 * as by {@link apiFetch}.
 */
export async function apiUpload<T>(
  path: string,
  form: FormData,
  onProgress: (sent: number) => void,
): Promise<T> {
  const send = (token: string | undefined) =>
    new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${API_ROOT}${path}`);
      xhr.setRequestHeader('accept', 'application/json');
      if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      xhr.onload = () => {
        const empty = xhr.status === 204 || xhr.status === 205 || xhr.status === 304;
        resolve(
          new Response(empty ? null : xhr.responseText, {
            status: xhr.status,
            statusText: xhr.statusText,
            headers: responseHeaders(xhr),
          }),
        );
      };
      xhr.onerror = () => reject(new TypeError('The upload could not reach the server'));
      xhr.send(form);
    });
  const response = await withAccessToken(send);
  return (await response.json()) as T;
}

/** {@link apiFetch} for a JSON answer (`undefined` for 202/204 answers without a body). */
export async function apiJson<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const response = await apiFetch(path, request);
  if (response.status === 204 || response.headers.get('content-length') === '0') return undefined as T;
  return (await response.json()) as T;
}

async function loadPermissions(user: CurrentUser): Promise<Permissions> {
  const session = readSession();
  const cached = session?.permissions;
  if (cached && session.user.id === user.id && cached.role === user.role) return cached;
  const links = await apiJson<Schemas['ConsoleLinksDto']>('/console/links');
  const permissions = {
    role: user.role,
    instanceAdmin: links.instanceAdmin,
    canWrite: user.role !== 'read_only',
  };
  const current = readSession();
  if (current) writeSession({ ...current, permissions });
  return permissions;
}

/** Sign-in, sign-out and the account flows the sign-in screens need. */
export const authProvider = {
  /**
   * Signs in (see {@link SignInRequest}). A right password of an account with two-factor sign-in on
   * throws {@link SecondFactorRequired}; the answer names where to go when the policy requires the
   * user to turn two-factor sign-in on, and how many recovery codes are left after using one.
   */
  login(request: SignInRequest): Promise<SignedIn> {
    return signIn(request);
  },

  async logout() {
    if (readSession()) {
      await apiFetch('/auth/logout', { method: 'POST' }).catch(() => undefined);
    }
    writeSession(null);
  },

  async checkAuth() {
    // `message: false` sends a signed-out visitor to the sign-in page without an error notification.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    if (!readSession()) return Promise.reject({ message: false });
  },

  async checkError(error: { status?: number; body?: unknown }) {
    if (error.status === 401) {
      writeSession(null);
      throw new Error('Your session has ended: please sign in again');
    }
    if (
      error.status === 403 &&
      (error.body as ApiErrorBody | undefined)?.problem?.type === ENROLMENT_REQUIRED
    ) {
      // Still signed in, but the policy wants two-factor sign-in on first: off to the Security
      // section, which explains it (react-admin then neither signs out nor notifies).
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      return Promise.reject({ logoutUser: false, redirectTo: SECURITY_PAGE, message: false });
    }
  },

  async getIdentity(): Promise<UserIdentity> {
    const session = readSession();
    if (!session) throw new Error('Not signed in');
    return { id: session.user.id, fullName: session.user.displayName, email: session.user.email };
  },

  async getPermissions(): Promise<Permissions | undefined> {
    const session = readSession();
    return session ? loadPermissions(session.user) : undefined;
  },

  /**
   * Whether the signed-in user may do `action` on `resource`: react-admin hides the create, edit and
   * delete buttons it refuses (the API enforces the same rules).
   */
  async canAccess({ action, resource }: { action: string; resource: string }): Promise<boolean> {
    const role = readSession()?.user.role;
    if (!role) return false;
    if (ADMIN_RESOURCES.has(resource)) return role === 'admin';
    if (SELF_SERVICE_RESOURCES.has(resource)) return true;
    return role !== 'read_only' || READ_ACTIONS.has(action);
  },

  /** The signed-in account as last seen by the console (updated by {@link authProvider.refreshUser}). */
  currentUser(): CurrentUser | null {
    return readSession()?.user ?? null;
  },

  /** Keeps `user` as the signed-in account, as the API just answered it (e.g. after a profile change). */
  rememberUser(user: CurrentUser): void {
    const session = readSession();
    if (session?.user.id === user.id) writeSession({ ...session, user });
  },

  /** Reloads the signed-in account (after a profile change or an email verification). */
  async refreshUser(): Promise<CurrentUser> {
    const user = await apiJson<CurrentUser>('/users/me');
    authProvider.rememberUser(user);
    return user;
  },

  /** First run, registration mode and whether mail works: what the sign-in screen offers. */
  signInOptions(): Promise<Schemas['AuthConfigDto']> {
    return apiJson('/auth/config', { anonymous: true });
  },

  /** The single sign-on providers the sign-in screen offers a button for. */
  ssoProviders(): Promise<Schemas['SsoProviderButtonDto'][]> {
    return apiJson('/auth/sso/providers/public', { anonymous: true });
  },

  /** Creates an account (the first one becomes admin) and signs it in. */
  async register(body: Schemas['RegisterDto']): Promise<CurrentUser> {
    return storeTokens(
      await apiJson<Schemas['TokenResponseDto']>('/auth/register', { method: 'POST', body, anonymous: true }),
    );
  },

  /** Confirms the email address with the 6-digit code from the mail. */
  async verifyEmail(code: string): Promise<CurrentUser> {
    await apiJson('/auth/verify-email', { method: 'POST', body: { code } });
    return authProvider.refreshUser();
  },

  /** Confirms the email address with the link token from the mail. */
  async verifyEmailLink(token: string): Promise<void> {
    await apiJson('/auth/verify-email/link', { method: 'POST', body: { token }, anonymous: true });
  },

  /** Sends a new verification mail. */
  async resendVerification(): Promise<void> {
    await apiJson('/auth/verify-email/resend', { method: 'POST' });
  },

  /** Mails a password reset link (the answer is the same whether or not the address exists). */
  async requestPasswordReset(email: string): Promise<void> {
    await apiJson('/auth/password-reset/request', { method: 'POST', body: { email }, anonymous: true });
  },

  /** Sets a new password with the token from the reset mail; every session ends, this browser's too. */
  async confirmPasswordReset(token: string, newPassword: string): Promise<void> {
    await apiJson('/auth/password-reset/confirm', {
      method: 'POST',
      body: { token, newPassword },
      anonymous: true,
    });
    writeSession(null);
  },

  /** Changes my password; the API ends my other sessions and hands this one a new token pair. */
  async changePassword(body: Schemas['ChangePasswordDto']): Promise<void> {
    storeTokens(await apiJson<Schemas['TokenResponseDto']>('/users/me/password', { method: 'POST', body }));
  },

  /** Opens the Bull job board (instance admins): the API sets a cookie scoped to /admin/queues first. */
  async openJobBoard(): Promise<void> {
    await apiJson('/auth/job-board-session', { method: 'POST' });
    window.location.assign('/admin/queues');
  },
} satisfies AuthProvider;

/** The console's auth provider with its account-flow methods, for `useAuthProvider<ConsoleAuthProvider>()`. */
export type ConsoleAuthProvider = typeof authProvider;
