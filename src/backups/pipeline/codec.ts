import { constants, createZstdCompress, createZstdDecompress } from 'node:zlib';
import type { Transform } from 'node:stream';
import { createAgeDecryptStream, createAgeEncryptStream } from '../crypto/age.js';

/** zstd level of database dumps: level 3 (zstd's default) compresses well at several hundred MB/s. */
const ZSTD_LEVEL = 3;

/** The age recipients a backup's objects are encrypted to. */
export interface BackupKeys {
  /** `age1…` recipients: the instance's identity first, then the policy's extra ones. */
  recipients: string[];
}

/** Compresses with zstd (what `zstd -d` reads). */
export function compressor(): Transform {
  return createZstdCompress({ params: { [constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL } });
}

/** Reverses {@link compressor}. */
export function decompressor(): Transform {
  return createZstdDecompress();
}

/** Encrypts to the backup's recipients (what `age -d -i <identity file>` reads). */
export function encryptor(keys: BackupKeys): Transform {
  return createAgeEncryptStream({ recipients: keys.recipients });
}

/** Decrypts with the instance's identity. */
export function decryptor(secretKey: string): Transform {
  return createAgeDecryptStream({ identities: [secretKey] });
}
