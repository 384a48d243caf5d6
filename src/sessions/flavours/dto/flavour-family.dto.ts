import type { FlavourTag } from '../flavour-tag.entity.js';

/** One word of the flavour vocabulary. */
export class FlavourTagDto {
  /** What notes store in `flavourTags`. @example "peaty" */
  slug: string;
  /** @example "Peaty" */
  label: string;
}

/** A family of the flavour wheel and its words; the family's own word comes first. */
export class FlavourFamilyDto {
  /** @example "smoky" */
  family: string;
  tags: FlavourTagDto[];

  /** Groups `tags` by family, families in alphabetical order. */
  static group(tags: readonly FlavourTag[]): FlavourFamilyDto[] {
    const families = new Map<string, FlavourTag[]>();
    for (const tag of tags) families.set(tag.family, [...(families.get(tag.family) ?? []), tag]);
    return [...families.keys()].sort().map((family) =>
      Object.assign(new FlavourFamilyDto(), {
        family,
        tags: families
          .get(family)!
          .sort(
            (a, b) => Number(b.slug === family) - Number(a.slug === family) || a.label.localeCompare(b.label),
          )
          .map((tag) => ({ slug: tag.slug, label: tag.label })),
      }),
    );
  }
}
