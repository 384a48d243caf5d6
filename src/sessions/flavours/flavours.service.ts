import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { InvalidError } from '../../common/errors/domain-error.js';
import { FlavourTag } from './flavour-tag.entity.js';

/** The fixed flavour vocabulary (seeded by migration, the same for every household). */
@Injectable()
export class FlavoursService {
  constructor(private readonly em: EntityManager) {}

  /** Every tag of the vocabulary. */
  all(): Promise<FlavourTag[]> {
    return this.em.find(FlavourTag, {}, { orderBy: { family: 'ASC', slug: 'ASC' } });
  }

  /** Refuses (422, naming them) slugs that are not in the vocabulary. */
  async assertKnown(slugs: readonly string[], field = 'flavourTags'): Promise<void> {
    if (slugs.length === 0) return;
    const known = await this.em.find(FlavourTag, { slug: { $in: [...slugs] } }, { fields: ['slug'] });
    const knownSlugs = new Set(known.map((tag) => tag.slug));
    const unknown = slugs.filter((slug) => !knownSlugs.has(slug));
    if (unknown.length > 0) {
      throw new InvalidError(`Unknown flavour tags: ${unknown.join(', ')} (see GET /flavour-tags)`, [
        { field, message: `unknown: ${unknown.join(', ')}` },
      ]);
    }
  }
}
