import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Role } from '../../src/users/user.entity.js';

/** A password that satisfies the policy. */
export const PASSWORD = 'correct horse battery staple';

/** What sign-in and registration return, as the tests use it. */
export interface SignedIn {
  accessToken: string;
  refreshToken: string;
  user: { id: string; householdId: string; email: string; role: Role; version: number };
}

/** `Authorization` header for a token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let counter = 0;
/** A unique, readable email address for a test account. */
export function uniqueEmail(name = 'user'): string {
  counter += 1;
  return `${name}.${Date.now().toString(36)}${counter}@example.org`;
}

async function expectOk<T>(
  app: NestFastifyApplication,
  request: Parameters<NestFastifyApplication['inject']>[0],
): Promise<T> {
  const res = await app.inject(request as never);
  if (res.statusCode >= 300)
    throw new Error(`${res.statusCode} from ${JSON.stringify(request)}: ${res.body}`);
  return res.json<T>();
}

/** Registers an account (the first one of an instance becomes its admin). */
export function registerUser(
  app: NestFastifyApplication,
  overrides: { email?: string; password?: string; displayName?: string; inviteToken?: string } = {},
): Promise<SignedIn> {
  return expectOk(app, {
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email: uniqueEmail(), password: PASSWORD, displayName: 'Test User', ...overrides },
  });
}

export function login(app: NestFastifyApplication, email: string, password = PASSWORD): Promise<SignedIn> {
  return expectOk(app, { method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
}

/** An admin invites a new member with `role`, who registers with the invite. */
export async function addMember(
  app: NestFastifyApplication,
  admin: SignedIn,
  role: Role,
  name = 'member',
): Promise<SignedIn> {
  const invite = await expectOk<{ token: string }>(app, {
    method: 'POST',
    url: '/api/v1/invites',
    headers: bearer(admin.accessToken),
    payload: { role },
  });
  return registerUser(app, { email: uniqueEmail(name), inviteToken: invite.token });
}

/** Switches registration to `open`, so new accounts found households of their own. */
export async function openRegistration(app: NestFastifyApplication, instanceAdmin: SignedIn): Promise<void> {
  const current = await expectOk<{ version: number }>(app, {
    method: 'GET',
    url: '/api/v1/settings/registration',
    headers: bearer(instanceAdmin.accessToken),
  });
  await expectOk(app, {
    method: 'PUT',
    url: '/api/v1/settings/registration',
    headers: bearer(instanceAdmin.accessToken),
    payload: { mode: 'open', version: current.version },
  });
}
