import type { CollectionKind } from '../dataProvider';

/** The kinds of record a collection file holds, in file order, with their names in the console. */
export const KINDS: { kind: CollectionKind; label: string }[] = [
  { kind: 'locations', label: 'Locations' },
  { kind: 'whiskies', label: 'Whiskies' },
  { kind: 'bottles', label: 'Bottles' },
  { kind: 'pours', label: 'Pours' },
];

/** The console's name of a kind of record. */
export function kindLabel(kind: CollectionKind): string {
  return KINDS.find((entry) => entry.kind === kind)?.label ?? kind;
}
