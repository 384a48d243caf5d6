/** Format tag of the manifest, bumped on incompatible changes. */
export const MANIFEST_FORMAT = 'whiskey-backup/1';

/** The name of the manifest object inside a run's key prefix. */
export const MANIFEST_NAME = 'manifest.json.age';

/** The name of the database dump object inside a run's key prefix. */
export const DATABASE_OBJECT_NAME = 'database.dump.zst.age';

/**
 * Where the photo blobs of every backup on a target live: content-addressed like the photo storage
 * itself (`backups/photos/<photo blob key>.age`), so a blob is uploaded once and shared by runs.
 */
export const BACKUP_PHOTOS_PREFIX = 'backups/photos/';

/** One stored object of a backup. */
export interface ManifestObject {
  /** Key on the target. */
  key: string;
  kind: 'database' | 'photo';
  /** For photos: the blob's key in the photo storage, where a restore puts it back. */
  source?: string;
  /** Bytes before compression and encryption, and their SHA-256 (hex). */
  plainSize: number;
  plainSha256: string;
  /** Bytes as stored (encrypted), and their SHA-256 (hex). */
  size: number;
  sha256: string;
}

/**
 * What a backup holds, uploaded last and encrypted like the rest: a backup without a manifest is
 * incomplete. Everything a verification or a restore by hand needs to know is here.
 */
export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  runId: string;
  policy: { id: string; name: string };
  appVersion: string;
  /** Name of the last migration applied to the database when it was dumped. */
  migration: string | null;
  /** Version of the PostgreSQL server that was dumped, e.g. "15.20". */
  postgresVersion: string | null;
  createdAt: string;
  finishedAt: string;
  /** Exact row counts per table (`schema.table`), read in the snapshot the dump was taken from. */
  tables: Record<string, number>;
  objects: ManifestObject[];
}

/** What the run record keeps of its manifest: everything but the list of photo objects. */
export interface BackupManifestSummary extends Omit<BackupManifest, 'objects'> {
  /** The database dump; null when the policy does not include the database. */
  database: ManifestObject | null;
  photos: { count: number; plainBytes: number; bytes: number };
}

/** The summary of `manifest` kept on the run. */
export function summarize(manifest: BackupManifest): BackupManifestSummary {
  const { objects, ...rest } = manifest;
  const photos = objects.filter((object) => object.kind === 'photo');
  return {
    ...rest,
    database: objects.find((object) => object.kind === 'database') ?? null,
    photos: {
      count: photos.length,
      plainBytes: photos.reduce((sum, photo) => sum + photo.plainSize, 0),
      bytes: photos.reduce((sum, photo) => sum + photo.size, 0),
    },
  };
}
