import type { StorageTargetMode } from '../config/environment.schema.js';

/** A directory of this machine. */
export interface LocalStorageSettings {
  type: 'local';
  /** Absolute path of an existing directory (default for photos: DATA_DIR/storage). */
  root: string;
}

/** An S3-compatible bucket (AWS, MinIO, Garage, Backblaze B2, Wasabi, …). */
export interface S3StorageSettings {
  type: 's3';
  /** Endpoint URL for S3-compatible services (`https://minio.lan:9000`); omitted: AWS. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Folder inside the bucket that every key is stored under (`whiskey/`); omitted: the bucket root. */
  prefix?: string;
  /** Addresses buckets as `endpoint/bucket` instead of `bucket.endpoint` (MinIO, Garage). */
  forcePathStyle?: boolean;
  accessKeyId: string;
  secretAccessKey: string;
}

/** A WebDAV folder (Nextcloud, a NAS, Apache, rclone serve webdav). */
export interface WebdavStorageSettings {
  type: 'webdav';
  /** URL of an existing folder (`https://cloud.example.org/remote.php/dav/files/ada/whiskey`). */
  url: string;
  username?: string;
  password?: string;
}

/** A folder on an SFTP server. */
export interface SftpStorageSettings {
  type: 'sftp';
  host: string;
  /** Default 22. */
  port?: number;
  username: string;
  /** Password, or a private key (OpenSSH or PEM format), or both. */
  password?: string;
  privateKey?: string;
  /** Passphrase of an encrypted private key. */
  passphrase?: string;
  /**
   * SHA-256 fingerprint of the server's host key as `ssh-keygen -l` shows it (`SHA256:…`), captured
   * with `captureSftpHostKey` on first contact. Any other key is refused.
   */
  hostKeyFingerprint: string;
  /** Existing folder, absolute or relative to the login folder. */
  root: string;
}

/** Any rclone remote (Google Drive, OneDrive, Dropbox, B2, …) through the rclone command line. */
export interface RcloneStorageSettings {
  type: 'rclone';
  /** The contents of an rclone.conf, as `rclone config` writes it. */
  config: string;
  /** `name:path` of a remote defined in `config` (`gdrive:Backups/whiskey`). */
  remote: string;
}

/** Settings of one storage back end, discriminated by `type`. */
export type StorageProviderSettings =
  | LocalStorageSettings
  | S3StorageSettings
  | WebdavStorageSettings
  | SftpStorageSettings
  | RcloneStorageSettings;

/** What providers need from the process, beyond their settings. */
export interface StorageProviderContext {
  /** Which addresses back ends may connect to (STORAGE_TARGETS). */
  targets: StorageTargetMode;
}
