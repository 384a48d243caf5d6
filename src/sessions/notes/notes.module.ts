import { Module } from '@nestjs/common';
import { FlavoursController } from '../flavours/flavours.controller.js';
import { FlavoursService } from '../flavours/flavours.service.js';
import { GuestsController } from '../guests/guests.controller.js';
import { GuestsService } from '../guests/guests.service.js';
import { NotesController } from './notes.controller.js';
import { NotesService } from './notes.service.js';

/**
 * Tasting notes, scores in every scale (the pure functions of `score-scale.ts`), the flavour
 * vocabulary and guests' links. Exports the notes service for the results.
 */
@Module({
  controllers: [NotesController, FlavoursController, GuestsController],
  providers: [NotesService, FlavoursService, GuestsService],
  exports: [NotesService],
})
export class NotesModule {}
