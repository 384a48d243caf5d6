import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SecretBox, SecretBoxError } from '../../common/crypto/secret-box.js';
import { InstanceSetting } from '../../settings/instance-setting.entity.js';
import {
  IDENTITY_SETTING as BACKUP_IDENTITY_SETTING,
  SEAL_CONTEXT as BACKUP_IDENTITY_CONTEXT,
} from '../../backups/identity/backup-identity.service.js';
import { SsoProvider } from '../../users/sso/sso-provider.entity.js';
import { clientSecretContext as ssoClientSecretContext } from '../../users/sso/sso-provider-settings.js';
import { StorageProviderConfig } from './storage-provider-config.entity.js';
import { secretContext as providerSecretContext } from './storage-provider-configs.service.js';
import { sealContext as totpSealContext } from '../../users/mfa/mfa.service.js';
import { UserTotp } from '../../users/mfa/user-totp.entity.js';

/** A value could not be re-encrypted: nothing was changed. */
export class StorageRekeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageRekeyError';
  }
}

/** What {@link rekeyStorageSecrets} re-encrypted. */
export interface StorageRekeyReport {
  /** Storage providers whose secrets were re-encrypted, with the number of secrets of each. */
  providers: { id: string; name: string; secrets: number }[];
  /** Whether the instance's backup identity existed and was re-encrypted. */
  backupIdentity: boolean;
  /** Slugs of the single sign-on providers whose client secret was re-encrypted. */
  ssoProviders: string[];
  /** How many users' TOTP secrets were re-encrypted. */
  totpSecrets: number;
}

/**
 * Re-encrypts every value sealed with the storage secret key (the secrets of every storage provider,
 * the backup identity's secret key and the client secrets of single sign-on providers) from `currentKey` to `newKey`, in one transaction holding row
 * locks: either every value is sealed under the new key afterwards, or (on any value that does not
 * open with `currentKey`) the transaction is rolled back and nothing changed. Each new value is
 * opened again with `newKey` before it is written.
 *
 * Processes still running with the old key cannot read the re-encrypted values: run it with the
 * application stopped, then start it with the new key.
 */
export async function rekeyStorageSecrets(
  em: EntityManager,
  currentKey: Buffer,
  newKey: Buffer,
): Promise<StorageRekeyReport> {
  if (currentKey.equals(newKey)) {
    throw new StorageRekeyError('The new key is the current key: nothing to re-encrypt');
  }
  const current = new SecretBox(currentKey);
  const next = new SecretBox(newKey);
  const reseal = (sealed: string, context: string, what: string): string => {
    let plaintext: string;
    try {
      plaintext = current.open(sealed, context);
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      throw new StorageRekeyError(
        `${what} does not open with the current key (${error.message}); nothing was changed. ` +
          'Is STORAGE_SECRET_KEY (or DATA_DIR/storage-secret-key) the key the instance runs with?',
      );
    }
    const resealed = next.seal(plaintext, context);
    if (next.open(resealed, context) !== plaintext) {
      throw new StorageRekeyError(`${what} did not survive re-encryption; nothing was changed`);
    }
    return resealed;
  };

  return em.fork().transactional(async (tx) => {
    const providers = await tx.find(
      StorageProviderConfig,
      {},
      { orderBy: { name: 'ASC' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    const report: StorageRekeyReport = {
      providers: [],
      backupIdentity: false,
      ssoProviders: [],
      totpSecrets: 0,
    };
    for (const provider of providers) {
      const fields = Object.entries(provider.secrets);
      if (fields.length === 0) continue;
      provider.secrets = Object.fromEntries(
        fields.map(([field, sealed]) => [
          field,
          reseal(
            sealed,
            providerSecretContext(provider.id, field),
            `The ${field} of storage provider "${provider.name}"`,
          ),
        ]),
      );
      report.providers.push({ id: provider.id, name: provider.name, secrets: fields.length });
    }

    const identity = await tx.findOne(
      InstanceSetting,
      { key: BACKUP_IDENTITY_SETTING },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    const stored = identity?.value as { sealedSecretKey?: unknown } | null | undefined;
    if (identity && typeof stored?.sealedSecretKey === 'string') {
      identity.value = {
        ...stored,
        sealedSecretKey: reseal(stored.sealedSecretKey, BACKUP_IDENTITY_CONTEXT, 'The backup identity'),
      };
      report.backupIdentity = true;
    }
    const ssoProviders = await tx.find(
      SsoProvider,
      { clientSecret: { $ne: null } },
      { orderBy: { slug: 'ASC' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    for (const provider of ssoProviders) {
      provider.clientSecret = reseal(
        provider.clientSecret!,
        ssoClientSecretContext(provider.id),
        `The client secret of SSO provider "${provider.slug}"`,
      );
      report.ssoProviders.push(provider.slug);
    }
    const totps = await tx.find(
      UserTotp,
      {},
      { populate: ['sealedSecret'], lockMode: LockMode.PESSIMISTIC_WRITE, filters: false },
    );
    for (const totp of totps) {
      totp.sealedSecret = reseal(
        totp.sealedSecret,
        totpSealContext(totp.user.id),
        `The two-factor secret of user ${totp.user.id}`,
      );
    }
    report.totpSecrets = totps.length;
    await tx.flush();
    return report;
  });
}
