import { Injectable } from '@nestjs/common';
import { SecretBox, SecretBoxError } from '../../common/crypto/secret-box.js';
import { ConflictError, UnavailableError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { storageSecretKey } from '../../config/storage-secret-key.js';
import { SettingsService } from '../../settings/settings.service.js';
import { generateAgeIdentity } from '../crypto/age.js';

/** Setting holding the instance's backup identity. */
/** The instance setting holding the backup identity. */
export const IDENTITY_SETTING = 'backups.identity';
/** What the identity's sealed secret key is bound to. */
export const SEAL_CONTEXT = 'backups.identity';

/** The stored identity: its public recipient, and its secret key sealed with the storage secret key. */
interface StoredIdentity {
  recipient: string;
  sealedSecretKey: string;
  createdAt: string;
  /** When an admin last downloaded the secret key; null until the first time. */
  downloadedAt: string | null;
}

/** What may be shown about the identity without its secret. */
export interface BackupIdentityStatus {
  exists: boolean;
  /** The public half (`age1…`), which every backup is encrypted to. */
  recipient: string | null;
  createdAt: Date | null;
  downloadedAt: Date | null;
}

/**
 * The instance's age identity: generated on first use, every backup is encrypted to it (besides a
 * policy's extra recipients), and the application uses it to verify and restore. Its secret key is
 * kept sealed in the database; an admin downloads a copy, since without one a backup cannot be
 * restored on another machine.
 */
@Injectable()
export class BackupIdentityService {
  private readonly box: SecretBox;

  constructor(
    private readonly settings: SettingsService,
    config: AppConfig,
  ) {
    this.box = new SecretBox(storageSecretKey(config));
  }

  async status(): Promise<BackupIdentityStatus> {
    const { value } = await this.settings.get<StoredIdentity | null>(IDENTITY_SETTING, null);
    return {
      exists: value !== null,
      recipient: value?.recipient ?? null,
      createdAt: value ? new Date(value.createdAt) : null,
      downloadedAt: value?.downloadedAt ? new Date(value.downloadedAt) : null,
    };
  }

  /** The recipient backups are encrypted to, generating the identity on first use. */
  async recipient(): Promise<string> {
    return (await this.stored()).recipient;
  }

  /** The secret key, to decrypt backups (verify, restore). */
  async secretKey(): Promise<string> {
    return this.open(await this.stored());
  }

  /** The secret key for an admin to keep, recording when it was handed out. */
  async download(): Promise<string> {
    const stored = await this.stored();
    const secretKey = this.open(stored);
    await this.settings.set<StoredIdentity>(IDENTITY_SETTING, {
      ...stored,
      downloadedAt: new Date().toISOString(),
    });
    return secretKey;
  }

  private async stored(): Promise<StoredIdentity> {
    const current = await this.settings.get<StoredIdentity | null>(IDENTITY_SETTING, null);
    if (current.value) return current.value;
    const identity = generateAgeIdentity();
    const created: StoredIdentity = {
      recipient: identity.recipient,
      sealedSecretKey: this.box.seal(identity.secretKey, SEAL_CONTEXT),
      createdAt: new Date().toISOString(),
      downloadedAt: null,
    };
    try {
      // Version 0: only if no other process created one meanwhile.
      return (await this.settings.set(IDENTITY_SETTING, created, 0)).value;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const winner = await this.settings.get<StoredIdentity | null>(IDENTITY_SETTING, null);
      if (!winner.value) throw error;
      return winner.value;
    }
  }

  private open(stored: StoredIdentity): string {
    try {
      return this.box.open(stored.sealedSecretKey, SEAL_CONTEXT);
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      throw new UnavailableError(
        'The backup identity cannot be decrypted: STORAGE_SECRET_KEY or DATA_DIR/storage-secret-key ' +
          'changed since it was created. Restore with the identity file an admin downloaded.',
      );
    }
  }
}
