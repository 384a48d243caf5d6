import type { Schemas } from '../dataProvider';

/** How full the vessel is, in percent of its capacity, to one decimal. */
export const fillPercent = (vessel: Schemas['InfinityBottleDto']): number =>
  Math.round((vessel.volumeMl / vessel.capacityMl) * 1000) / 10;
