import { Module } from '@nestjs/common';
import { BottlesModule } from './bottles/bottles.module.js';
import { InfinityModule } from './infinity/infinity.module.js';
import { LocationsModule } from './locations/locations.module.js';
import { StatsModule } from './stats/stats.module.js';
import { TransferModule } from './transfer/transfer.module.js';
import { WhiskiesModule } from './whiskies/whiskies.module.js';

/** The collection: whiskies, locations, bottles and their pour ledger, infinity bottles, stats, import/export. */
@Module({
  imports: [WhiskiesModule, LocationsModule, BottlesModule, InfinityModule, StatsModule, TransferModule],
})
export class InventoryModule {}
