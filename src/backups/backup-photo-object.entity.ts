import { defineEntity, p } from '@mikro-orm/core';
import { StorageProviderConfig } from '../storage/configs/storage-provider-config.entity.js';

const BackupPhotoObjectSchema = defineEntity({
  name: 'BackupPhotoObject',
  tableName: 'backup_photo_object',
  properties: {
    /** The storage target holding the encrypted copy; deleting the provider forgets its copies. */
    target: () => p.manyToOne(StorageProviderConfig).primary().deleteRule('cascade'),
    /** Key of the encrypted copy on the target (`backups/photos/…`). */
    key: p.string().length(1024).primary(),
    /** Key of the blob in the photo storage. */
    source: p.string().length(1024),
    plainSize: p.bigint('number'),
    plainSha256: p.string().length(64),
    size: p.bigint('number'),
    sha256: p.string().length(64),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/**
 * A photo blob already encrypted onto a backup target, with the checksums its manifests record:
 * later runs list it in their manifest instead of uploading it again (incremental photo backups).
 */
export class BackupPhotoObject extends BackupPhotoObjectSchema.class {}
BackupPhotoObjectSchema.setClass(BackupPhotoObject);
