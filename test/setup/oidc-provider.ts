import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenID Connect provider for tests: the `oidc-provider` package (the certified implementation
 * behind many IdPs) on 127.0.0.1 and a random port. Its interactive login is replaced by one that
 * signs in, without a form, the account named by the {@link TEST_ACCOUNT_COOKIE} cookie the test's
 * browser sends, so a test can walk the whole authorization code flow with plain HTTP requests.
 */

/** Cookie naming the account the provider signs in at its login step. */
export const TEST_ACCOUNT_COOKIE = 'test_account';

/** Claims of a test account besides `sub`, which is its id. */
export interface TestAccountClaims {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface TestOidcProvider {
  /** The issuer identifier, e.g. http://127.0.0.1:41234 */
  issuer: string;
  /** Adds or replaces an account (its id is the `sub` claim). */
  setAccount(id: string, claims: TestAccountClaims): void;
  close(): Promise<void>;
}

// oidc-provider ships no type declarations (they live in @types/oidc-provider, not a dependency here):
// a computed specifier keeps TypeScript from looking for them, and the few members used are typed below.
const OIDC_PROVIDER_MODULE = 'oidc-provider';

interface Grant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(resource: string, scope: string): void;
  save(): Promise<string>;
}

interface InteractionDetails {
  prompt: {
    name: string;
    details: {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
  };
  params: { client_id: string };
  session?: { accountId?: string };
  grantId?: string;
}

interface Provider {
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
  interactionDetails(request: IncomingMessage, response: ServerResponse): Promise<InteractionDetails>;
  interactionFinished(
    request: IncomingMessage,
    response: ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: (new (properties: { accountId: string; clientId: string }) => Grant) & {
    find(id: string): Promise<Grant | undefined>;
  };
}

type ProviderClass = new (issuer: string, configuration: Record<string, unknown>) => Provider;

/** What oidc-provider stores: codes, tokens, sessions, grants and interactions, by kind and id. */
interface StoredPayload {
  uid?: string;
  grantId?: string;
  userCode?: string;
  consumed?: number;
}

/**
 * oidc-provider's storage for one test run, in memory (the package's own memory adapter is not
 * exported and announces itself on every start). Expiry does not matter within one test file.
 */
function memoryAdapter(): new (model: string) => object {
  const store = new Map<string, StoredPayload>();
  return class MemoryAdapter {
    constructor(private readonly model: string) {}

    private key(id: string): string {
      return `${this.model}:${id}`;
    }

    upsert(id: string, payload: StoredPayload): Promise<void> {
      store.set(this.key(id), payload);
      return Promise.resolve();
    }

    find(id: string): Promise<StoredPayload | undefined> {
      return Promise.resolve(store.get(this.key(id)));
    }

    findByUid(uid: string): Promise<StoredPayload | undefined> {
      return Promise.resolve(
        [...store.entries()].find(
          ([key, payload]) => key.startsWith(`${this.model}:`) && payload.uid === uid,
        )?.[1],
      );
    }

    findByUserCode(userCode: string): Promise<StoredPayload | undefined> {
      return Promise.resolve(
        [...store.entries()].find(
          ([key, payload]) => key.startsWith(`${this.model}:`) && payload.userCode === userCode,
        )?.[1],
      );
    }

    consume(id: string): Promise<void> {
      const payload = store.get(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      return Promise.resolve();
    }

    destroy(id: string): Promise<void> {
      store.delete(this.key(id));
      return Promise.resolve();
    }

    revokeByGrantId(grantId: string): Promise<void> {
      for (const [key, payload] of store) if (payload.grantId === grantId) store.delete(key);
      return Promise.resolve();
    }
  };
}

function cookieValue(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** Starts the provider with `clients` and `accounts` (id → claims). */
export async function startOidcProvider(options: {
  clients: TestClient[];
  accounts?: Record<string, TestAccountClaims>;
  /**
   * How clients may authenticate at the token endpoint, as discovery lists it; the clients use the
   * first. Default: client_secret_basic only.
   */
  clientAuthMethods?: ('client_secret_basic' | 'client_secret_post')[];
}): Promise<TestOidcProvider> {
  const clientAuthMethods = options.clientAuthMethods ?? ['client_secret_basic'];
  const { Provider } = (await import(OIDC_PROVIDER_MODULE)) as { Provider: ProviderClass };
  const accounts = new Map(Object.entries(options.accounts ?? {}));

  /** The login and consent steps, answered at once for the account the cookie names. */
  async function interact(
    provider: Provider,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const details = await provider.interactionDetails(request, response);
    if (details.prompt.name === 'login') {
      const accountId = cookieValue(request, TEST_ACCOUNT_COOKIE);
      if (!accountId || !accounts.has(accountId)) {
        response.writeHead(400, { 'content-type': 'text/plain' }).end(`No test account "${accountId}"`);
        return;
      }
      await provider.interactionFinished(request, response, { login: { accountId } });
      return;
    }
    const accountId = details.session?.accountId ?? '';
    const grant =
      (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
      new provider.Grant({ accountId, clientId: details.params.client_id });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(resource, scopes.join(' '));
    }
    await provider.interactionFinished(request, response, { consent: { grantId: await grant.save() } });
  }

  // The issuer includes the port, so the server listens before the provider exists.
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    adapter: memoryAdapter(),
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: clientAuthMethods[0],
    })),
    clientAuthMethods,
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    // Scope → the claims it releases; `groups` is a scope of its own, as in Authentik or Keycloak.
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_context: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    pkce: { required: () => true },
    findAccount: (_context: unknown, id: string) => {
      const claims = accounts.get(id);
      return claims ? { accountId: id, claims: () => ({ sub: id, ...claims }) } : undefined;
    },
  });

  const handle = provider.callback();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    // oidc-provider takes either secret method from any client; stricter providers (and this one,
    // when client_secret_basic is not listed) refuse the one they did not announce.
    if (
      request.url?.startsWith('/token') &&
      request.headers.authorization?.startsWith('Basic ') &&
      !clientAuthMethods.includes('client_secret_basic')
    ) {
      response.writeHead(401, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: 'invalid_client',
          error_description: 'client_secret_basic is not supported',
        }),
      );
      return;
    }
    if (!request.url?.startsWith('/interaction/')) {
      handle(request, response);
      return;
    }
    interact(provider, request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });

  return {
    issuer,
    setAccount: (id, claims) => accounts.set(id, claims),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
