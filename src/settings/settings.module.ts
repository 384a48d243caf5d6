import { Global, Module } from '@nestjs/common';
import { SettingsService } from './settings.service.js';

/** Instance-wide settings, available to every feature module. */
@Global()
@Module({
  providers: [SettingsService],
  exports: [SettingsService],
})
export class SettingsModule {}
