import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { photoFileUrl } from './dto/photo.dto.js';
import { Photo } from './photo.entity.js';

/** The cover photos lists show: one thumbnail per bottle, found for a whole page in one query. */
@Injectable()
export class CoverPhotos {
  constructor(private readonly em: EntityManager) {}

  /**
   * The URL of the 256 px thumbnail of each bottle's cover photo, by bottle id. Bottles without a cover,
   * or whose cover is still processing, are absent.
   */
  async ofBottles(bottleIds: readonly string[]): Promise<Map<string, string>> {
    if (bottleIds.length === 0) return new Map();
    // The ids come from a household-scoped query; the photo's own household filter applies as well.
    const covers = await this.em
      .createQueryBuilder(Photo, 'p')
      .select(['p.id', 'p.bottle'])
      .where({ bottle: { $in: [...bottleIds] }, cover: true, state: 'ready' })
      .execute<{ id: string; bottle_id: string }[]>('all', false);
    return new Map(
      covers.map(
        ({ id, bottle_id: bottle }) => [bottle, photoFileUrl('bottles', bottle, id, 'thumb-256')] as const,
      ),
    );
  }
}
