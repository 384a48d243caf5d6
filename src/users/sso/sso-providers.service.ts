import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { SecretBox, SecretBoxError } from '../../common/crypto/secret-box.js';
import { ConflictError, InvalidError, NotFoundError } from '../../common/errors/domain-error.js';
import { paginated, type Paginated } from '../../common/pagination/paginated.js';
import { assertCurrentVersion } from '../../common/versioning.js';
import { AppConfig } from '../../config/app-config.js';
import { storageSecretKey } from '../../config/storage-secret-key.js';
import type { Principal, RequestOrigin } from '../auth/principal.js';
import { Household } from '../households/household.entity.js';
import type {
  CreateSsoProviderDto,
  SsoProviderListQuery,
  UpdateSsoProviderDto,
} from './dto/sso-provider.dto.js';
import { OidcDiscovery } from './oidc-discovery.service.js';
import { SsoProvider } from './sso-provider.entity.js';
import {
  clientSecretContext,
  DEFAULT_SCOPES,
  ENVIRONMENT_PROVIDER_SLUG,
  type SsoProviderSettings,
  type SsoProviderView,
} from './sso-provider-settings.js';

/** The client secret of a provider could not be decrypted (the storage secret key changed). */
export class SsoSecretUnreadableError extends Error {
  constructor(slug: string, reason: string) {
    super(
      `The client secret of SSO provider "${slug}" cannot be decrypted (${reason}): STORAGE_SECRET_KEY or ` +
        'DATA_DIR/storage-secret-key changed since it was saved; enter it again',
    );
    this.name = 'SsoSecretUnreadableError';
  }
}

/**
 * The OpenID Connect providers people can sign in with: those instance admins configure (stored,
 * client secret sealed with the storage SecretBox and never returned) and the one the OIDC_*
 * environment variables configure (read-only through the API).
 */
@Injectable()
export class SsoProvidersService {
  private readonly box: SecretBox;

  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
    private readonly discovery: OidcDiscovery,
    private readonly audit: AuditService,
  ) {
    this.box = new SecretBox(storageSecretKey(config));
  }

  /** The redirect URI of a provider, to register at the provider and to send in sign-ins. */
  callbackUrl(slug: string): string {
    return `${this.config.http.publicUrl}/api/v1/auth/sso/${slug}/callback`;
  }

  /** Every provider, the environment's included, as one list (there are a handful at most). */
  async list(query: SsoProviderListQuery): Promise<Paginated<SsoProviderView>> {
    const stored = await this.em.find(SsoProvider, {});
    const environment = this.environmentView();
    const needle = query.q?.trim().toLowerCase();
    const all = [...(environment ? [environment] : []), ...stored.map((provider) => this.view(provider))]
      .filter((view) => !needle || `${view.slug} ${view.name}`.toLowerCase().includes(needle))
      .sort((a, b) => {
        const order = a[query.sort].localeCompare(b[query.sort]) || a.slug.localeCompare(b.slug);
        return query.order === 'DESC' ? -order : order;
      });
    const start = (query.page - 1) * query.perPage;
    return paginated(all.slice(start, start + query.perPage), all.length);
  }

  /** One provider; 404 when no provider has this slug. */
  async get(slug: string): Promise<SsoProviderView> {
    if (slug === ENVIRONMENT_PROVIDER_SLUG) {
      const environment = this.environmentView();
      if (environment) return environment;
    }
    return this.view(await this.find(this.em, slug));
  }

  /** The enabled providers, for the login screen's buttons; the environment's first. */
  async enabled(): Promise<SsoProviderView[]> {
    const stored = await this.em.find(SsoProvider, { enabled: true }, { orderBy: { name: 'ASC' } });
    const environment = this.environmentView();
    return [...(environment ? [environment] : []), ...stored.map((provider) => this.view(provider))];
  }

  /**
   * The settings to sign in with, client secret decrypted; undefined when no enabled provider has
   * this slug.
   */
  async resolve(slug: string): Promise<SsoProviderSettings | undefined> {
    if (slug === ENVIRONMENT_PROVIDER_SLUG) return this.environmentSettings();
    const provider = await this.em.fork().findOne(SsoProvider, { slug, enabled: true });
    if (!provider) return undefined;
    let clientSecret: string | undefined;
    if (provider.clientSecret) {
      try {
        clientSecret = this.box.open(provider.clientSecret, clientSecretContext(provider.id));
      } catch (error) {
        if (!(error instanceof SecretBoxError)) throw error;
        throw new SsoSecretUnreadableError(slug, error.message);
      }
    }
    return { ...this.view(provider), clientSecret };
  }

  async create(
    principal: Principal,
    input: CreateSsoProviderDto,
    origin: RequestOrigin,
  ): Promise<SsoProviderView> {
    const householdId = input.householdId ?? null;
    await this.assertHouseholdExists(householdId);
    // Discovered before saving, so that a typo in the issuer is reported now rather than at sign-in.
    await this.discovery.discover({
      issuerUrl: input.issuerUrl,
      clientId: input.clientId,
      clientSecret: input.clientSecret,
    });
    return this.em.transactional(async (em) => {
      if ((await em.count(SsoProvider, { slug: input.slug })) > 0) {
        throw new ConflictError(`An SSO provider with the slug "${input.slug}" already exists`, [
          { field: 'slug', message: 'is taken' },
        ]);
      }
      const provider = em.create(SsoProvider, {
        slug: input.slug,
        name: input.name,
        buttonLabel: input.buttonLabel,
        issuerUrl: input.issuerUrl,
        clientId: input.clientId,
        clientSecret: null,
        scopes: input.scopes ?? DEFAULT_SCOPES,
        autoProvision: input.autoProvision ?? false,
        household: householdId,
        defaultRole: input.defaultRole ?? 'user',
        groupsClaim: input.groupsClaim ?? 'groups',
        groupRoleMap: input.groupRoleMap ?? {},
        enabled: input.enabled ?? true,
      });
      // The id exists once created (onCreate), and the secret is bound to it.
      if (input.clientSecret)
        provider.clientSecret = this.box.seal(input.clientSecret, clientSecretContext(provider.id));
      await em.flush();
      await this.audit.record(
        {
          action: 'auth.sso_provider_created',
          actor: principal,
          target: { type: 'sso_provider', id: provider.id },
          origin,
          details: {
            slug: provider.slug,
            issuerUrl: provider.issuerUrl,
            clientSecretSet: Boolean(input.clientSecret),
          },
        },
        em,
      );
      return this.view(provider);
    });
  }

  /** Changes what is sent; a changed issuer is discovered before it is saved. */
  async update(
    principal: Principal,
    slug: string,
    input: UpdateSsoProviderDto,
    origin: RequestOrigin,
  ): Promise<SsoProviderView> {
    this.assertNotEnvironment(slug);
    if (input.householdId !== undefined) await this.assertHouseholdExists(input.householdId);
    const changed = Object.keys(input).filter(
      (field) => field !== 'version' && input[field as keyof UpdateSsoProviderDto] !== undefined,
    );
    if (input.issuerUrl !== undefined) {
      const current = await this.find(this.em.fork(), slug);
      // Discovery reads public metadata: the client secret is first used at sign-in.
      await this.discovery.discover({
        issuerUrl: input.issuerUrl,
        clientId: input.clientId ?? current.clientId,
        clientSecret: undefined,
      });
    }
    return this.em.transactional(async (em) => {
      const provider = await this.find(em, slug);
      assertCurrentVersion(`SSO provider ${slug}`, provider, input.version);
      const { version: _version, clientSecret, householdId, ...plain } = input;
      for (const [field, value] of Object.entries(plain)) {
        if (value !== undefined) Object.assign(provider, { [field]: value });
      }
      if (householdId !== undefined)
        provider.household = householdId === null ? null : em.getReference(Household, householdId);
      if (clientSecret !== undefined) {
        provider.clientSecret =
          clientSecret === null ? null : this.box.seal(clientSecret, clientSecretContext(provider.id));
      }
      await em.flush();
      await this.audit.record(
        {
          action: 'auth.sso_provider_updated',
          actor: principal,
          target: { type: 'sso_provider', id: provider.id },
          origin,
          details: { slug, changed },
        },
        em,
      );
      return this.view(provider);
    });
  }

  /** Deletes the provider; identities linked through it stay, and work again if it is added back. */
  async delete(principal: Principal, slug: string, origin: RequestOrigin): Promise<void> {
    this.assertNotEnvironment(slug);
    await this.em.transactional(async (em) => {
      const provider = await this.find(em, slug);
      em.remove(provider);
      await em.flush();
      await this.audit.record(
        {
          action: 'auth.sso_provider_deleted',
          actor: principal,
          target: { type: 'sso_provider', id: provider.id },
          origin,
          details: { slug },
        },
        em,
      );
    });
  }

  private async find(em: EntityManager, slug: string): Promise<SsoProvider> {
    const provider = await em.findOne(SsoProvider, { slug });
    if (!provider) throw new NotFoundError(`SSO provider ${slug} does not exist`);
    return provider;
  }

  private assertNotEnvironment(slug: string): void {
    if (slug === ENVIRONMENT_PROVIDER_SLUG && this.config.sso.environmentProvider) {
      throw new ConflictError(
        `SSO provider ${slug} is configured by the OIDC_* environment variables: change them instead`,
      );
    }
  }

  private async assertHouseholdExists(householdId: string | null): Promise<void> {
    if (householdId === null) return;
    if ((await this.em.fork().count(Household, { id: householdId })) === 0) {
      throw new InvalidError(`Household ${householdId} does not exist`, [
        { field: 'householdId', message: 'no such household' },
      ]);
    }
  }

  private view(provider: SsoProvider): SsoProviderView {
    return {
      slug: provider.slug,
      source: 'admin',
      name: provider.name,
      buttonLabel: provider.buttonLabel,
      issuerUrl: provider.issuerUrl,
      clientId: provider.clientId,
      clientSecretSet: provider.clientSecret !== null,
      scopes: provider.scopes,
      autoProvision: provider.autoProvision,
      householdId: provider.household?.id ?? null,
      defaultRole: provider.defaultRole,
      groupsClaim: provider.groupsClaim,
      groupRoleMap: provider.groupRoleMap,
      enabled: provider.enabled,
      revision: `${provider.id}:${provider.version}`,
      version: provider.version,
    };
  }

  private environmentSettings(): SsoProviderSettings | undefined {
    const environment = this.config.sso.environmentProvider;
    if (!environment) return undefined;
    return {
      slug: ENVIRONMENT_PROVIDER_SLUG,
      source: 'environment',
      name: 'OpenID Connect (environment)',
      buttonLabel: environment.buttonLabel,
      issuerUrl: environment.issuerUrl,
      clientId: environment.clientId,
      clientSecret: environment.clientSecret,
      scopes: environment.scopes,
      autoProvision: environment.autoProvision,
      householdId: null,
      defaultRole: environment.defaultRole,
      groupsClaim: environment.groupsClaim,
      groupRoleMap: { ...environment.groupRoleMap },
      enabled: true,
      // The environment only changes with a restart, which empties the cache anyway.
      revision: 'environment',
    };
  }

  private environmentView(): SsoProviderView | undefined {
    const settings = this.environmentSettings();
    if (!settings) return undefined;
    const { clientSecret, ...view } = settings;
    return { ...view, clientSecretSet: clientSecret !== undefined, version: 0 };
  }
}
