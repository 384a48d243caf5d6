import { Module } from '@nestjs/common';
import { CollectionExportService } from './collection-export.service.js';
import { CollectionImportService } from './collection-import.service.js';
import { TransferController } from './transfer.controller.js';

/** Export and import of a household's collection as JSON, CSV and XLSX files. */
@Module({
  controllers: [TransferController],
  providers: [CollectionExportService, CollectionImportService],
})
export class TransferModule {}
