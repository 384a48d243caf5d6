import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import type { Principal, RequestOrigin } from '../../users/auth/principal.js';
import type { ConnectionTestResult } from '../storage-provider.js';
import type { StorageProviderSettings } from '../storage-settings.js';
import { StorageService } from '../storage.service.js';
import type { StorageSettingsDto } from './dto/storage-settings.dto.js';
import { StorageProviderConfig } from './storage-provider-config.entity.js';
import { StorageProviderConfigsService } from './storage-provider-configs.service.js';

/** A connection test and what it found out. */
export interface ConnectionTestOutcome {
  result: ConnectionTestResult;
  testedAt: Date;
  /** SFTP without a pinned host key: the fingerprint the server presented (trust on first use). */
  hostKeyFingerprint?: string;
}

/**
 * Connection tests of saved and unsaved storage settings. A back end that fails a step answers a
 * result with `ok: false`; settings that cannot work at all (refused target, unreadable secrets,
 * unreachable SFTP host) throw their StorageError, which the API answers as a 4xx/502 problem.
 */
@Injectable()
export class StorageProviderTestsService {
  constructor(
    private readonly em: EntityManager,
    private readonly storage: StorageService,
    private readonly configs: StorageProviderConfigsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Tests a saved configuration and stores the result on it (without changing its version). An SFTP
   * server's host key, when none is pinned, is pinned by a passing test; a later different key fails.
   */
  async testSaved(principal: Principal, id: string, origin: RequestOrigin): Promise<ConnectionTestOutcome> {
    const config = await this.configs.get(id);
    const outcome = await this.run(this.configs.providerSettings(config));
    const pin = outcome.result.ok ? outcome.hostKeyFingerprint : undefined;
    await this.em.transactional(async (em) => {
      // Settings changed meanwhile: the result describes settings that are gone.
      const current = await em.findOne(StorageProviderConfig, { id, version: config.version });
      if (!current) return;
      if (pin) {
        current.settings = { ...current.settings, hostKeyFingerprint: pin };
        await em.flush();
      }
      // A test result is not an edit: the version (sent explicitly) stays as it is.
      await em.nativeUpdate(
        StorageProviderConfig,
        { id },
        { lastTestResult: outcome.result, lastTestedAt: outcome.testedAt, version: current.version },
      );
    });
    await this.audit.record({
      action: 'storage.provider_tested',
      actor: principal,
      target: { type: 'storage_provider', id },
      origin,
      details: { name: config.name, type: config.type, ok: outcome.result.ok, hostKeyPinned: Boolean(pin) },
    });
    return outcome;
  }

  /** Tests settings before they are saved; nothing is stored. */
  testUnsaved(settings: StorageSettingsDto): Promise<ConnectionTestOutcome> {
    return this.run(this.configs.unsavedProviderSettings(settings));
  }

  private async run(settings: StorageProviderSettings): Promise<ConnectionTestOutcome> {
    let hostKeyFingerprint: string | undefined;
    if (settings.type === 'sftp' && !settings.hostKeyFingerprint) {
      hostKeyFingerprint = await this.storage.captureSftpHostKey(settings);
      settings = { ...settings, hostKeyFingerprint };
    }
    const provider = this.storage.open(settings);
    try {
      const result = await provider.testConnection();
      return { result, testedAt: new Date(), ...(hostKeyFingerprint ? { hostKeyFingerprint } : {}) };
    } finally {
      await provider.close();
    }
  }
}
