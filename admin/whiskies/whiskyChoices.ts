import type { Schemas } from '../dataProvider';

type Whisky = Schemas['WhiskyDto'];

const STYLE_LABELS: Record<Whisky['style'], string> = {
  single_malt: 'Single malt',
  blended_malt: 'Blended malt',
  blend: 'Blend',
  single_grain: 'Single grain',
  bourbon: 'Bourbon',
  rye: 'Rye',
  other: 'Other',
};

/** Label of a style. */
export const styleLabel = (style: Whisky['style']): string => STYLE_LABELS[style];

/** The styles as choices. */
export const STYLE_CHOICES = (Object.keys(STYLE_LABELS) as Whisky['style'][]).map((id) => ({
  id,
  name: STYLE_LABELS[id],
}));

/** Who bottled it. */
export const BOTTLER_CHOICES: { id: Whisky['bottlerKind']; name: string }[] = [
  { id: 'official', name: 'Official bottling' },
  { id: 'independent', name: 'Independent bottler' },
];

/** "16 years", or "NAS" without an age statement. */
export const ageLabel = (whisky: Pick<Whisky, 'ageYears'>): string =>
  whisky.ageYears == null ? 'NAS' : `${whisky.ageYears} years`;
