import { sql } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, NotFoundError } from '../../common/errors/domain-error.js';
import { toFindOptions } from '../../common/pagination/list-query.js';
import { paginated, type Paginated } from '../../common/pagination/paginated.js';
import { assertCurrentVersion } from '../../common/versioning.js';
import type { Principal, RequestOrigin } from '../../users/auth/principal.js';
import { Household } from '../../users/households/household.entity.js';
import { Bottle } from '../bottles/bottle.entity.js';
import { containsPattern } from '../../common/pagination/like-pattern.js';
import type { CreateLocationDto } from './dto/create-location.dto.js';
import type { LocationListQuery } from './dto/location-list-query.dto.js';
import type { UpdateLocationDto } from './dto/update-location.dto.js';
import { Location } from './location.entity.js';

/** A location with the number of bottles it holds. */
export interface LocationView {
  location: Location;
  bottleCount: number;
}

/** Where the household's bottles live. */
@Injectable()
export class LocationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  async list(query: LocationListQuery): Promise<Paginated<LocationView>> {
    const q = query.q?.trim();
    const options = toFindOptions(query);
    const [locations, total] = await this.em.findAndCount(
      Location,
      q ? { name: { $ilike: containsPattern(q) } } : {},
      { ...options, orderBy: { ...options.orderBy, id: 'ASC' } },
    );
    const counts = await this.bottleCounts(
      this.em,
      locations.map((location) => location.id),
    );
    return paginated(
      locations.map((location) => ({ location, bottleCount: counts.get(location.id) ?? 0 })),
      total,
    );
  }

  async get(id: string): Promise<LocationView> {
    return this.view(this.em, await this.find(this.em, id));
  }

  async create(principal: Principal, input: CreateLocationDto, origin: RequestOrigin): Promise<LocationView> {
    return this.em.transactional(async (em) => {
      await this.assertNameFree(em, input.name);
      const location = em.create(Location, {
        household: em.getReference(Household, principal.householdId),
        name: input.name,
        description: input.description ?? null,
        externalId: input.externalId ?? null,
      });
      await em.flush();
      await this.audit.record(
        {
          action: 'location.created',
          actor: principal,
          target: { type: 'location', id: location.id },
          origin,
          details: { name: location.name },
        },
        em,
      );
      return { location, bottleCount: 0 };
    });
  }

  async update(
    principal: Principal,
    id: string,
    input: UpdateLocationDto,
    origin: RequestOrigin,
  ): Promise<LocationView> {
    return this.em.transactional(async (em) => {
      const location = await this.find(em, id);
      assertCurrentVersion(`Location ${id}`, location, input.version);
      const { version: _version, ...sent } = input;
      const fields = Object.fromEntries(
        Object.entries(sent).filter(([, value]) => value !== undefined),
      ) as Omit<UpdateLocationDto, 'version'>;
      if (fields.name !== undefined && fields.name !== location.name)
        await this.assertNameFree(em, fields.name);
      em.assign(location, fields);
      await em.flush();
      if (Object.keys(fields).length > 0) {
        await this.audit.record(
          {
            action: 'location.updated',
            actor: principal,
            target: { type: 'location', id },
            origin,
            details: { fields: Object.keys(fields) },
          },
          em,
        );
      }
      return this.view(em, location);
    });
  }

  /** Deletes an empty location; refused (409, saying how many) while bottles are there. */
  async remove(principal: Principal, id: string, origin: RequestOrigin): Promise<void> {
    await this.em.transactional(async (em) => {
      const location = await this.find(em, id);
      const bottles = await em.count(Bottle, { location: id });
      if (bottles > 0) {
        throw new ConflictError(
          `"${location.name}" still holds ${bottles} bottle${bottles === 1 ? '' : 's'}; ` +
            'move them to another location (or none) before deleting it',
        );
      }
      em.remove(location);
      await this.audit.record(
        {
          action: 'location.deleted',
          actor: principal,
          target: { type: 'location', id },
          origin,
          details: { name: location.name },
        },
        em,
      );
    });
  }

  /** A location of the caller's household (404 for any other: the household filter applies). */
  private find(em: EntityManager, id: string): Promise<Location> {
    return em.findOneOrFail(Location, id, {
      failHandler: () => new NotFoundError(`Location ${id} does not exist`),
    });
  }

  /** Names are unique in the household; say so before the database's unique constraint does. */
  private async assertNameFree(em: EntityManager, name: string): Promise<void> {
    if (await em.count(Location, { name })) {
      throw new ConflictError(`A location named "${name}" already exists`, [
        { field: 'name', message: 'already used by another location' },
      ]);
    }
  }

  private async view(em: EntityManager, location: Location): Promise<LocationView> {
    const counts = await this.bottleCounts(em, [location.id]);
    return { location, bottleCount: counts.get(location.id) ?? 0 };
  }

  /** Number of bottles per location id, in one grouped query (confined to the household by its filter). */
  private async bottleCounts(em: EntityManager, locationIds: string[]): Promise<Map<string, number>> {
    if (locationIds.length === 0) return new Map();
    const qb = em
      .createQueryBuilder(Bottle, 'b')
      .select(['b.location', sql`count(*)::int`.as('bottles')])
      .where({ location: { $in: locationIds } })
      .groupBy('b.location');
    await qb.applyFilters();
    const rows = await qb.execute<{ location: string; bottles: number }[]>('all');
    return new Map(rows.map((row) => [row.location, row.bottles]));
  }
}
