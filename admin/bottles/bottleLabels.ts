import type { Schemas } from '../dataProvider';
import { formatMl } from '../common/format';

type Bottle = Schemas['BottleDto'];

/** A bottle as people tell them apart: "Lagavulin 16 · 700 ml · Cellar". */
export function bottleLabel(bottle: Bottle): string {
  return [bottle.whisky.name, formatMl(bottle.sizeMl), bottle.location?.name].filter(Boolean).join(' · ');
}

/** A bottle to pour from: "Lagavulin 16 · 455.5 ml left · Cellar". */
export function bottleWithContentsLabel(bottle: Bottle): string {
  return [bottle.whisky.name, `${formatMl(bottle.currentVolumeMl)} left`, bottle.location?.name]
    .filter(Boolean)
    .join(' · ');
}
