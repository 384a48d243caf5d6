import { Module } from '@nestjs/common';
import { BottlesModule } from '../inventory/bottles/bottles.module.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsService } from './sessions.service.js';

/**
 * Tasting sessions: planning, participants and guests, the flight, and the lifecycle that serves it
 * through the pour ledger. Exports {@link SessionsService} (`get`, `load`) for notes and results; every
 * response that shows a sample maps it with `flightItemView` from `dto/flight-item.dto.ts`, the one
 * place where blind masking is applied.
 */
@Module({
  imports: [BottlesModule],
  controllers: [SessionsController],
  providers: [SessionsService],
  exports: [SessionsService],
})
export class SessionsModule {}
