import { sql, type FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import {
  ConflictError,
  InvalidError,
  NotFoundError,
  type FieldError,
} from '../../common/errors/domain-error.js';
import { toFindOptions } from '../../common/pagination/list-query.js';
import { paginated, type Paginated } from '../../common/pagination/paginated.js';
import { assertCurrentVersion } from '../../common/versioning.js';
import type { Principal, RequestOrigin } from '../../users/auth/principal.js';
import { Household } from '../../users/households/household.entity.js';
import { Bottle } from '../bottles/bottle.entity.js';
import type { CreateWhiskyDto } from './dto/create-whisky.dto.js';
import type { UpdateWhiskyDto } from './dto/update-whisky.dto.js';
import type { WhiskyListQuery } from './dto/whisky-list-query.dto.js';
import { normaliseBarcode } from './gtin.js';
import { containsPattern, literalPattern } from '../../common/pagination/like-pattern.js';
import { WhiskyBarcode } from './whisky-barcode.entity.js';
import { Whisky } from './whisky.entity.js';

/** A whisky with what its API representation adds: its barcodes and the number of its bottles. */
export interface WhiskyView {
  whisky: Whisky;
  /** Sorted. */
  barcodes: string[];
  bottleCount: number;
}

/** The fields whose combination is checked on every write. */
type RuleFields = Pick<Whisky, 'bottlerKind' | 'bottlerName' | 'vintageYear' | 'bottledYear'>;

/** Whiskies (expressions) of the caller's household, with their barcodes. */
@Injectable()
export class WhiskiesService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  async list(query: WhiskyListQuery): Promise<Paginated<WhiskyView>> {
    const conditions: FilterQuery<Whisky>[] = [];
    const q = query.q?.trim();
    if (q) {
      const pattern = containsPattern(q);
      conditions.push({
        $or: [
          { name: { $ilike: pattern } },
          { distillery: { $ilike: pattern } },
          { bottlerName: { $ilike: pattern } },
          { tags: { $contains: [q.toLowerCase()] } },
        ],
      });
    }
    if (query.country) conditions.push({ country: { $ilike: literalPattern(query.country.trim()) } });
    if (query.region) conditions.push({ region: { $ilike: literalPattern(query.region.trim()) } });
    if (query.style) conditions.push({ style: query.style });
    if (query.tag) conditions.push({ tags: { $contains: [query.tag.trim().toLowerCase()] } });
    if (query.barcode !== undefined) {
      const match = await this.em.findOne(WhiskyBarcode, { code: normaliseBarcode(query.barcode) });
      if (!match) return paginated([], 0);
      conditions.push({ id: match.whisky.id });
    }
    const options = toFindOptions(query);
    const [whiskies, total] = await this.em.findAndCount(
      Whisky,
      conditions.length > 0 ? { $and: conditions } : {},
      // The id breaks ties, so equal names never swap places between pages.
      { ...options, orderBy: { ...options.orderBy, id: 'ASC' } },
    );
    return paginated(await this.views(this.em, whiskies), total);
  }

  async get(id: string): Promise<WhiskyView> {
    const [view] = await this.views(this.em, [await this.find(this.em, id)]);
    return view;
  }

  async create(principal: Principal, input: CreateWhiskyDto, origin: RequestOrigin): Promise<WhiskyView> {
    return this.em.transactional(async (em) => {
      const { barcodes = [], ...fields } = input;
      const household = em.getReference(Household, principal.householdId);
      assertConsistent({
        bottlerKind: fields.bottlerKind ?? 'official',
        bottlerName: fields.bottlerName ?? null,
        vintageYear: fields.vintageYear ?? null,
        bottledYear: fields.bottledYear ?? null,
      });
      await this.assertBarcodesFree(em, barcodes);
      const whisky = em.create(Whisky, {
        ...fields,
        household,
        bottlerKind: fields.bottlerKind ?? 'official',
        caskTypes: fields.caskTypes ?? [],
        caskStrength: fields.caskStrength ?? false,
        defaultSizeMl: fields.defaultSizeMl ?? 700,
        tags: fields.tags ?? [],
      });
      for (const code of barcodes) em.create(WhiskyBarcode, { household, code, whisky });
      await em.flush();
      await this.audit.record(
        {
          action: 'whisky.created',
          actor: principal,
          target: { type: 'whisky', id: whisky.id },
          origin,
          details: { name: whisky.name },
        },
        em,
      );
      return { whisky, barcodes: [...barcodes].sort(), bottleCount: 0 };
    });
  }

  /** Changes the fields sent; `barcodes`, when sent, replaces the whole set. */
  async update(
    principal: Principal,
    id: string,
    input: UpdateWhiskyDto,
    origin: RequestOrigin,
  ): Promise<WhiskyView> {
    return this.em.transactional(async (em) => {
      const whisky = await this.find(em, id);
      assertCurrentVersion(`Whisky ${id}`, whisky, input.version);
      const { version: _version, barcodes, ...sent } = input;
      const fields = Object.fromEntries(
        Object.entries(sent).filter(([, value]) => value !== undefined),
      ) as Omit<UpdateWhiskyDto, 'version' | 'barcodes'>;
      assertConsistent({
        bottlerKind: fields.bottlerKind ?? whisky.bottlerKind,
        bottlerName: fields.bottlerName !== undefined ? fields.bottlerName : (whisky.bottlerName ?? null),
        vintageYear: fields.vintageYear !== undefined ? fields.vintageYear : (whisky.vintageYear ?? null),
        bottledYear: fields.bottledYear !== undefined ? fields.bottledYear : (whisky.bottledYear ?? null),
      });
      const changed = Object.keys(fields);
      em.assign(whisky, fields);
      const current = await em.find(WhiskyBarcode, { whisky: whisky.id });
      if (barcodes !== undefined) {
        const wanted = new Set(barcodes);
        const kept = new Set(current.filter((barcode) => wanted.has(barcode.code)).map((b) => b.code));
        const added = barcodes.filter((code) => !kept.has(code));
        const removed = current.filter((barcode) => !wanted.has(barcode.code));
        await this.assertBarcodesFree(em, added);
        if (added.length > 0 || removed.length > 0) {
          for (const barcode of removed) em.remove(barcode);
          const household = em.getReference(Household, principal.householdId);
          for (const code of added) em.create(WhiskyBarcode, { household, code, whisky });
          // The barcodes are part of the whisky as the API shows it: a new set is a new version.
          whisky.updatedAt = new Date();
          changed.push('barcodes');
        }
      }
      await em.flush();
      if (changed.length > 0) {
        await this.audit.record(
          {
            action: 'whisky.updated',
            actor: principal,
            target: { type: 'whisky', id },
            origin,
            details: { fields: changed },
          },
          em,
        );
      }
      const codes = barcodes ?? current.map((barcode) => barcode.code);
      const counts = await this.bottleCounts(em, [id]);
      return { whisky, barcodes: [...codes].sort(), bottleCount: counts.get(id) ?? 0 };
    });
  }

  /** Deletes a whisky and its barcodes; refused (409) while bottles of it exist. */
  async remove(principal: Principal, id: string, origin: RequestOrigin): Promise<void> {
    await this.em.transactional(async (em) => {
      const whisky = await this.find(em, id);
      const bottles = await em.count(Bottle, { whisky: id });
      if (bottles > 0) {
        throw new ConflictError(
          `"${whisky.name}" still has ${bottles} bottle${bottles === 1 ? '' : 's'} in the collection; ` +
            'delete those bottles before the whisky',
        );
      }
      em.remove(whisky);
      await this.audit.record(
        {
          action: 'whisky.deleted',
          actor: principal,
          target: { type: 'whisky', id },
          origin,
          details: { name: whisky.name },
        },
        em,
      );
    });
  }

  /** A whisky of the caller's household (404 for any other: the household filter applies). */
  private find(em: EntityManager, id: string): Promise<Whisky> {
    return em.findOneOrFail(Whisky, id, {
      failHandler: () => new NotFoundError(`Whisky ${id} does not exist`),
    });
  }

  /** Refuses (409, naming them) codes that already belong to a whisky of the household. */
  private async assertBarcodesFree(em: EntityManager, codes: string[]): Promise<void> {
    if (codes.length === 0) return;
    const taken = await em.find(
      WhiskyBarcode,
      { code: { $in: codes } },
      { populate: ['whisky'], orderBy: { code: 'ASC' } },
    );
    if (taken.length === 0) return;
    const errors: FieldError[] = taken.map((barcode) => ({
      field: 'barcodes',
      message: `${barcode.code} belongs to whisky ${barcode.whisky.id}`,
    }));
    const names = taken.map((barcode) => `${barcode.code} (already on "${barcode.whisky.name}")`);
    throw new ConflictError(
      `Barcode${taken.length === 1 ? '' : 's'} ${names.join(', ')} cannot be used twice in the household`,
      errors,
    );
  }

  /** Barcodes and bottle counts of `whiskies` in two queries, whatever the number of whiskies. */
  private async views(em: EntityManager, whiskies: Whisky[]): Promise<WhiskyView[]> {
    if (whiskies.length === 0) return [];
    const ids = whiskies.map((whisky) => whisky.id);
    const barcodes = await em.find(WhiskyBarcode, { whisky: { $in: ids } }, { orderBy: { code: 'ASC' } });
    const counts = await this.bottleCounts(em, ids);
    return whiskies.map((whisky) => ({
      whisky,
      barcodes: barcodes.filter((barcode) => barcode.whisky.id === whisky.id).map((barcode) => barcode.code),
      bottleCount: counts.get(whisky.id) ?? 0,
    }));
  }

  /** Number of bottles per whisky id, in one grouped query (confined to the household by its filter). */
  private async bottleCounts(em: EntityManager, whiskyIds: string[]): Promise<Map<string, number>> {
    const qb = em
      .createQueryBuilder(Bottle, 'b')
      .select(['b.whisky', sql`count(*)::int`.as('bottles')])
      .where({ whisky: { $in: whiskyIds } })
      .groupBy('b.whisky');
    await qb.applyFilters();
    const rows = await qb.execute<{ whisky: string; bottles: number }[]>('all');
    return new Map(rows.map((row) => [row.whisky, row.bottles]));
  }
}

/** Business rules across fields, checked against the whisky as it will be after the write (422). */
function assertConsistent(next: RuleFields): void {
  if (next.bottlerKind === 'independent' && !next.bottlerName) {
    throw new InvalidError('An independent bottling needs the name of its bottler', [
      { field: 'bottlerName', message: 'required when bottlerKind is independent' },
    ]);
  }
  if (next.vintageYear != null && next.bottledYear != null && next.bottledYear < next.vintageYear) {
    throw new InvalidError(
      `Bottled in ${next.bottledYear}, before its vintage ${next.vintageYear}: that cannot be`,
      [{ field: 'bottledYear', message: `must not be before vintageYear (${next.vintageYear})` }],
    );
  }
}
