import { Module } from '@nestjs/common';
import { PhotoStorageController } from './configs/photo-storage.controller.js';
import { PhotoStorageSelectionService } from './configs/photo-storage-selection.service.js';
import { StorageProviderConfigsService } from './configs/storage-provider-configs.service.js';
import { StorageProviderTestsService } from './configs/storage-provider-tests.service.js';
import { StorageProvidersController } from './configs/storage-providers.controller.js';
import { StorageMetrics } from './storage-metrics.js';
import { StorageService } from './storage.service.js';

/**
 * Storage back ends (local, S3, WebDAV, SFTP, rclone) behind one StorageProvider interface, their
 * saved configurations (instance admins) and the choice of where photos are kept.
 */
@Module({
  controllers: [StorageProvidersController, PhotoStorageController],
  providers: [
    StorageMetrics,
    StorageService,
    StorageProviderConfigsService,
    StorageProviderTestsService,
    PhotoStorageSelectionService,
  ],
  exports: [StorageService, StorageProviderConfigsService, PhotoStorageSelectionService],
})
export class StorageModule {}
