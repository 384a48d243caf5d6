import { Module, type DynamicModule } from '@nestjs/common';
import { StorageModule } from '../../storage/storage.module.js';
import { PhotoStorage } from './photo-storage.js';
import { BottlePhotosController, WhiskyPhotosController } from './photos.controllers.js';
import { PhotosProcessor } from './photos.processor.js';
import { PhotosSchedule } from './photos-schedule.service.js';
import { PhotosService } from './photos.service.js';

/** Photos of whiskies and bottles; the `photos` queue's processor runs only in worker processes. */
@Module({})
export class PhotosModule {
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: PhotosModule,
      imports: [StorageModule],
      controllers: [BottlePhotosController, WhiskyPhotosController],
      providers: [PhotoStorage, PhotosService, PhotosSchedule, ...(options.worker ? [PhotosProcessor] : [])],
    };
  }
}
