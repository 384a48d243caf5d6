import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { SettingsService, type VersionedSetting } from '../../settings/settings.service.js';
import type { Principal, RequestOrigin } from '../auth/principal.js';
import type { User } from '../user.entity.js';

/** Instance setting: who may sign in with a password. */
export const PASSWORD_LOGIN_SETTING = 'auth.passwordLogin';
export const PASSWORD_LOGIN_MODES = ['everyone', 'admins_only'] as const;
/** `admins_only`: everyone else signs in through single sign-on; admins keep a password (break-glass). */
export type PasswordLoginMode = (typeof PASSWORD_LOGIN_MODES)[number];
export const DEFAULT_PASSWORD_LOGIN: PasswordLoginMode = 'everyone';

/** The answer to a non-admin's correct password while password sign-in is for admins only. */
export const PASSWORD_LOGIN_REFUSED =
  'Password sign-in is reserved to administrators on this instance: sign in with single sign-on';

/**
 * Who may sign in with a password. Admins always may: when the identity provider is down or
 * misconfigured, a local admin must still get in to fix it.
 */
@Injectable()
export class PasswordLoginPolicy {
  constructor(
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {}

  mode(): Promise<VersionedSetting<PasswordLoginMode>> {
    return this.settings.get<PasswordLoginMode>(PASSWORD_LOGIN_SETTING, DEFAULT_PASSWORD_LOGIN);
  }

  /** Changes the mode (409 when `version` is stale); audited. */
  async setMode(
    principal: Principal,
    mode: PasswordLoginMode,
    version: number,
    origin: RequestOrigin,
  ): Promise<VersionedSetting<PasswordLoginMode>> {
    const updated = await this.settings.set(PASSWORD_LOGIN_SETTING, mode, version);
    await this.audit.record({
      action: 'settings.password_login_changed',
      actor: principal,
      origin,
      details: { mode },
    });
    return updated;
  }

  /** Whether `user` may sign in with a password now. */
  async allows(user: Pick<User, 'role'>): Promise<boolean> {
    return user.role === 'admin' || (await this.mode()).value === 'everyone';
  }
}
