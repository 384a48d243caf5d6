import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { OpenAPIV3 } from 'openapi-types';
import { IS_PUBLIC } from '../../src/common/http/public.decorator.js';
import { API_PREFIX } from '../../src/common/http/route-prefix.js';
import { JWT_AUDIENCE, JWT_ISSUER } from '../../src/users/auth/token-issuer.service.js';
import { bearer, registerUser, type SignedIn } from '../factories/users.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

/**
 * Every route is private unless deliberately marked `@Public()`. This walks every operation of the
 * committed OpenAPI document (and every handler Nest actually serves) without credentials, so a
 * forgotten guard, a stray `@Public()` or a route that bypasses the guards fails here. Which routes are
 * public is read twice, from the document (`security: []`) and from the guards' own metadata, and
 * both must equal the reviewed list.
 */

const PROBLEM = /^application\/problem\+json/;

/**
 * The reviewed list of routes anyone may call without signing in. Adding a route here is a security
 * decision: a route that becomes public without being added fails this test until someone looks at it.
 */
const REVIEWED_PUBLIC_ROUTES = [
  'GET /health/live',
  'GET /health/ready',
  // Prometheus has no account; the route has its own METRICS_TOKEN check (unset in tests).
  'GET /metrics',
  'GET /api/v1/auth/config',
  // Second step of sign-in: the challenge in the body is the credential.
  'POST /api/v1/auth/mfa',
  // Passkey sign-in: the options are anonymous (discoverable credentials); the signed answer is the credential.
  'POST /api/v1/auth/passkeys/login/options',
  'POST /api/v1/auth/passkeys/login',
  // A passkey as the second step of sign-in: the challenge in the body is the credential.
  'POST /api/v1/auth/passkeys/mfa/options',
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/verify-email/link',
  'POST /api/v1/auth/password-reset/request',
  'POST /api/v1/auth/password-reset/confirm',
  // Single sign-on: the login buttons, the browser's round trip to the provider (state, PKCE and a
  // browser-binding cookie protect it) and the exchange of its one-time code for tokens.
  'GET /api/v1/auth/sso/providers/public',
  'GET /api/v1/auth/sso/{slug}/start',
  'GET /api/v1/auth/sso/{slug}/callback',
  'POST /api/v1/auth/sso/exchange',
  // Guests of a tasting have no account: the secret link in the path is their credential.
  'GET /api/v1/guest/{token}',
  'PUT /api/v1/guest/{token}/items/{itemId}/note',
  // A finished session's results shared by a revocable secret link.
  'GET /api/v1/shared/sessions/{token}',
].sort();

/** Routes Nest serves that the OpenAPI document deliberately leaves out (`@ApiExcludeController`). */
const REVIEWED_UNDOCUMENTED_ROUTES = ['GET /metrics'];

const DOCUMENTED_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** One operation as the tests call it: `METHOD /path/{param}` plus what is needed to build a request. */
interface Operation {
  route: string;
  method: string;
  path: string;
  parameters: OpenAPIV3.ParameterObject[];
  hasBody: boolean;
  /** The document lets it be called without credentials. */
  documentedPublic: boolean;
}

/** A route handler found in Nest's metadata, with its path as the running server registered it. */
interface DiscoveredRoute {
  route: string;
  isPublic: boolean;
}

const committed = readFileSync('docs/openapi.json', 'utf8');
const document = JSON.parse(committed) as OpenAPIV3.Document;

function documentedOperations(): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    DOCUMENTED_METHODS.filter((method) => item?.[method]).map((method) => {
      const operation = item![method]!;
      // Nest's swagger scanner only emits inline parameters; a $ref would need resolving first.
      const parameters = [...(item!.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) => {
        if ('$ref' in parameter) throw new Error(`${method} ${path}: unresolved parameter ${parameter.$ref}`);
        return parameter;
      });
      return {
        route: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters,
        hasBody: Boolean(operation.requestBody),
        documentedPublic: needsNoCredentials(operation),
      };
    }),
  );
}

/**
 * OpenAPI semantics: an operation's own `security` replaces the document-wide one; an empty list, or
 * a requirement without any scheme (`{}`), means it can be called without credentials.
 */
function needsNoCredentials(operation: OpenAPIV3.OperationObject): boolean {
  const requirements = operation.security ?? document.security ?? [];
  return (
    requirements.length === 0 || requirements.some((requirement) => Object.keys(requirement).length === 0)
  );
}

/** A syntactically valid value for a parameter, so that a request fails on authentication only. */
function sampleValue(parameter: OpenAPIV3.ParameterObject): string {
  const schema = parameter.schema && !('$ref' in parameter.schema) ? parameter.schema : {};
  if (schema.enum?.length) return String(schema.enum[0]);
  if (schema.format === 'uuid') return randomUUID();
  if (schema.type === 'integer' || schema.type === 'number') return String(schema.minimum ?? 1);
  if (schema.type === 'boolean') return 'true';
  // The document types ids as plain strings; every id of this API is a UUID (ParseUUIDPipe).
  if (/id$/i.test(parameter.name)) return randomUUID();
  return 'x';
}

function urlOf(operation: Operation): string {
  const byName = new Map(operation.parameters.map((parameter) => [parameter.name, parameter]));
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const parameter = byName.get(name);
    if (!parameter) throw new Error(`${operation.route}: path parameter {${name}} is not documented`);
    return encodeURIComponent(sampleValue(parameter));
  });
  const query = new URLSearchParams(
    operation.parameters
      .filter((parameter) => parameter.in === 'query' && parameter.required)
      .map((parameter): [string, string] => [parameter.name, sampleValue(parameter)]),
  ).toString();
  return query ? `${path}?${query}` : path;
}

function joinPath(...parts: string[]): string {
  const joined = `/${parts.join('/')}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/** Route path metadata: a path, a list of paths, or nothing (the controller's own path). */
function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return ['/'];
  return Array.isArray(value) ? value : [value];
}

/** Own and inherited method names (controllers may share routes through a base class, as photos do). */
function methodNames(prototype: object): string[] {
  const names = new Set<string>();
  for (let level = prototype; level !== Object.prototype; level = Object.getPrototypeOf(level) as object) {
    for (const name of Object.getOwnPropertyNames(level)) names.add(name);
  }
  return [...names];
}

/**
 * Every route handler of every controller, from the same metadata the guards read. Its URL is the
 * one the Fastify instance actually registered (with the global prefix, or without it for the paths
 * the prefix excludes), so no list of exclusions is repeated here.
 */
function discoverRoutes(t: TestApp): DiscoveredRoute[] {
  const reflector = t.app.get(Reflector);
  const fastify = t.app.getHttpAdapter().getInstance();
  const routes: DiscoveredRoute[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of methodNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (requestMethod === undefined) continue;
        const method = RequestMethod[requestMethod];
        const isPublic = Boolean(reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller]));
        for (const controllerPath of asList(
          Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined,
        )) {
          for (const handlerPath of asList(
            Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined,
          )) {
            const bare = joinPath(controllerPath, handlerPath);
            const served = [joinPath(API_PREFIX, bare), bare].filter((url) =>
              fastify.hasRoute({ method, url }),
            );
            if (served.length !== 1) {
              throw new Error(
                `${controller.name}.${name}: ${method} ${bare} is served at [${served.join(', ')}]`,
              );
            }
            // Fastify's `:id` is OpenAPI's `{id}`.
            routes.push({ route: `${method} ${served[0].replace(/:(\w+)/g, '{$1}')}`, isPublic });
          }
        }
      }
    }
  }
  return routes;
}

interface Answer {
  status: number;
  contentType: string | undefined;
}

describe('Route protection', () => {
  let t: TestApp;
  let operations: Operation[];
  let discovered: DiscoveredRoute[];

  beforeAll(async () => {
    t = await createTestApp();
    operations = documentedOperations();
    discovered = discoverRoutes(t);
  });
  afterAll(async () => {
    // Unset when the app failed to boot: let that error be the one reported.
    if (t) await t.close();
  });

  it('finds a route handler for every documented operation, and documents every handler but the reviewed ones', () => {
    const documented = operations.map((operation) => operation.route).sort();
    const served = discovered.map((route) => route.route).sort();
    expect(new Set(served).size).toBe(served.length);
    expect(served).toEqual([...documented, ...REVIEWED_UNDOCUMENTED_ROUTES].sort());
  });

  it('documents exactly the reviewed routes as public, and requires bearer credentials everywhere else', () => {
    expect(document.security).toEqual([{ bearer: [] }]);
    const undocumentedPublic = discovered
      .filter((route) => REVIEWED_UNDOCUMENTED_ROUTES.includes(route.route) && route.isPublic)
      .map((route) => route.route);
    const documentedPublic = operations
      .filter((operation) => operation.documentedPublic)
      .map((operation) => operation.route);
    expect([...documentedPublic, ...undocumentedPublic].sort()).toEqual(REVIEWED_PUBLIC_ROUTES);
  });

  it('lets the guards treat exactly the reviewed routes as public (@Public() metadata)', () => {
    // Catches a route made public some other way than @Public() (which also marks the document).
    const publicRoutes = discovered.filter((route) => route.isPublic).map((route) => route.route);
    expect(publicRoutes.sort()).toEqual(REVIEWED_PUBLIC_ROUTES);
  });

  describe('without credentials', () => {
    const answers = new Map<string, Answer>();

    beforeAll(async () => {
      // Handlers missing from the document are called too (the exact match above fails for any but
      // the reviewed ones), so a stale document cannot hide an unprotected route.
      const documented = new Set(operations.map((operation) => operation.route));
      const undocumented = discovered
        .filter((route) => !documented.has(route.route))
        .map(({ route }): Operation => {
          const [method, path] = route.split(' ');
          const parameters = [...path.matchAll(/\{([^}]+)\}/g)].map(
            ([, name]): OpenAPIV3.ParameterObject => ({
              name,
              in: 'path',
              required: true,
              schema: { type: 'string' },
            }),
          );
          const hasBody = ['POST', 'PUT', 'PATCH'].includes(method);
          return { route, method, path, parameters, hasBody, documentedPublic: false };
        });
      for (const operation of [...operations, ...undocumented]) {
        const res = await t.app.inject({
          method: operation.method as 'GET',
          url: urlOf(operation),
          ...(operation.hasBody ? { payload: {} } : {}),
        });
        answers.set(operation.route, { status: res.statusCode, contentType: res.headers['content-type'] });
      }
    });

    it('calls every documented operation and every route handler (nothing skipped)', () => {
      // Counted from the raw text, independently of the walk over `paths`: a method the walk forgot
      // (say `head` or `options`) would make the two disagree.
      const operationCount = (committed.match(/"operationId":/g) ?? []).length;
      expect(operationCount).toBeGreaterThan(0);
      expect(operations).toHaveLength(operationCount);
      const expected = new Set([...operations, ...discovered].map((operation) => operation.route));
      expect(answers.size).toBeGreaterThanOrEqual(operationCount);
      expect(new Set(answers.keys())).toEqual(expected);
    });

    it('answers every non-public operation with 401 problem+json', () => {
      const privateRoutes = [...answers.keys()].filter((route) => !REVIEWED_PUBLIC_ROUTES.includes(route));
      expect(privateRoutes.length).toBeGreaterThan(0);
      const actual = Object.fromEntries(
        privateRoutes.map((route) => {
          const { status, contentType } = answers.get(route)!;
          return [route, { status, problem: PROBLEM.test(contentType ?? '') }];
        }),
      );
      const expected = Object.fromEntries(
        privateRoutes.map((route) => [route, { status: 401, problem: true }]),
      );
      expect(actual).toEqual(expected);
    });

    it('answers HEAD of every non-public GET with 401 too', async () => {
      const privateGets = operations.filter(
        (operation) => operation.method === 'GET' && !REVIEWED_PUBLIC_ROUTES.includes(operation.route),
      );
      expect(privateGets.length).toBeGreaterThan(0);
      const actual: Record<string, number> = {};
      for (const operation of privateGets) {
        actual[operation.route] = (await t.app.inject({ method: 'HEAD', url: urlOf(operation) })).statusCode;
      }
      expect(actual).toEqual(Object.fromEntries(privateGets.map((operation) => [operation.route, 401])));
    });

    it('lets exactly the reviewed public routes through, none of them failing with 5xx', () => {
      // An empty body makes most public POSTs a 400; what matters is that authentication did not stop them.
      const open = [...answers.entries()]
        .filter(([, answer]) => answer.status !== 401)
        .map(([route]) => route);
      expect(open.sort()).toEqual(REVIEWED_PUBLIC_ROUTES);
      const serverErrors = [...answers.entries()].filter(([, answer]) => answer.status >= 500);
      expect(serverErrors).toEqual([]);
    });
  });

  describe('bearer tokens on GET /api/v1/users/me', () => {
    let user: SignedIn;
    let claims: { sub: string; sid: string; typ: 'access' };

    const me = (headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers });

    const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = () => Math.floor(Date.now() / 1000);

    async function expectUnauthorized(token: string): Promise<void> {
      const res = await me(bearer(token));
      expect({ status: res.statusCode, contentType: res.headers['content-type'] }).toEqual({
        status: 401,
        contentType: expect.stringMatching(PROBLEM),
      });
    }

    beforeAll(async () => {
      user = await registerUser(t.app);
      // The claims of a real, open session: each forged token below differs from a valid one in one way only.
      const payload = JSON.parse(
        Buffer.from(user.accessToken.split('.')[1], 'base64url').toString('utf8'),
      ) as {
        sub: string;
        sid: string;
        typ: 'access';
      };
      claims = { sub: payload.sub, sid: payload.sid, typ: payload.typ };
      expect(claims).toEqual({ sub: user.user.id, sid: expect.any(String), typ: 'access' });
    });

    it('accepts the session token the app issued', async () => {
      const res = await me(bearer(user.accessToken));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: user.user.id });
    });

    it('accepts a token this test signs with the app secret (so the refusals below are not about the signing)', async () => {
      const token = new JwtService({ secret: t.config.auth.jwtSecret }).sign(claims, {
        expiresIn: 60,
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      });
      expect((await me(bearer(token))).statusCode).toBe(200);
    });

    it('refuses a request without a token', async () => {
      const res = await me();
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
    });

    it('refuses a token signed with another secret', async () => {
      const token = new JwtService({ secret: `another-${t.config.auth.jwtSecret}` }).sign(claims, {
        expiresIn: 60,
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      });
      await expectUnauthorized(token);
    });

    it('refuses an unsigned token (alg: none)', async () => {
      const header = base64url({ alg: 'none', typ: 'JWT' });
      const payload = base64url({
        ...claims,
        iss: JWT_ISSUER,
        aud: JWT_AUDIENCE,
        iat: now(),
        exp: now() + 60,
      });
      await expectUnauthorized(`${header}.${payload}.`);
    });

    it('refuses an expired token', async () => {
      const token = new JwtService({ secret: t.config.auth.jwtSecret }).sign(
        { ...claims, iat: now() - 120, exp: now() - 60 },
        { issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
      );
      await expectUnauthorized(token);
    });

    it('refuses a validly signed token for a session that does not exist', async () => {
      const token = new JwtService({ secret: t.config.auth.jwtSecret }).sign(
        { ...claims, sid: randomUUID() },
        { expiresIn: 60, issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
      );
      await expectUnauthorized(token);
    });

    it('refuses a validly signed token meant for another audience', async () => {
      const token = new JwtService({ secret: t.config.auth.jwtSecret }).sign(claims, {
        expiresIn: 60,
        issuer: JWT_ISSUER,
        audience: 'someone-else',
      });
      await expectUnauthorized(token);
    });

    it('refuses the job-board cookie token, which the app signs with the same secret for the same session', async () => {
      // The first account is the instance admin, so it may ask for the board cookie.
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/job-board-session',
        headers: bearer(user.accessToken),
      });
      expect(res.statusCode).toBe(204);
      const boardToken = /^wt_board=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
      expect(boardToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      await expectUnauthorized(boardToken!);
    });

    it('refuses an API token that was never issued', async () => {
      await expectUnauthorized(`wt_${randomUUID().replace(/-/g, '')}`);
    });
  });
});
