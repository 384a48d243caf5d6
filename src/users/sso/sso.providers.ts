import { OidcDiscovery } from './oidc-discovery.service.js';
import { PasswordLoginSettingsController } from './password-login-settings.controller.js';
import { PasswordLoginPolicy } from './password-login-policy.service.js';
import { SsoLoginService } from './sso-login.service.js';
import { SsoProvidersController } from './sso-providers.controller.js';
import { SsoProvidersService } from './sso-providers.service.js';
import { SsoController } from './sso.controller.js';
import { UserIdentitiesService } from './user-identities.service.js';

/**
 * Single sign-on's controllers and providers, registered by the users module: sign-in through a
 * provider opens a session with the module's own TokenIssuer, which is not exported.
 */
export const SSO_CONTROLLERS = [SsoController, SsoProvidersController, PasswordLoginSettingsController];
export const SSO_PROVIDERS = [
  OidcDiscovery,
  SsoProvidersService,
  SsoLoginService,
  UserIdentitiesService,
  PasswordLoginPolicy,
];
