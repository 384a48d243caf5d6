import { Module } from '@nestjs/common';
import { StorageMetrics } from './storage-metrics.js';
import { StorageService } from './storage.service.js';

/** Storage back ends (local, S3, WebDAV, SFTP, rclone) behind one StorageProvider interface. */
@Module({
  providers: [StorageMetrics, StorageService],
  exports: [StorageService],
})
export class StorageModule {}
