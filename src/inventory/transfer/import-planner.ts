import { LockMode, sql, type EntityClass, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Household } from '../../users/households/household.entity.js';
import { Bottle } from '../bottles/bottle.entity.js';
import { Location } from '../locations/location.entity.js';
import { Pour } from '../pours/pour.entity.js';
import { WhiskyBarcode } from '../whiskies/whisky-barcode.entity.js';
import { Whisky } from '../whiskies/whisky.entity.js';
import type { BottleRowDto, LocationRowDto, PourRowDto, WhiskyRowDto } from './dto/collection-rows.dto.js';
import type { ImportRowErrorDto } from './dto/import-report.dto.js';
import type { CheckedRow } from './import-rows.js';
import { COLUMNS, isUuid, TRANSFER_KINDS, type TransferKind } from './transfer-format.js';

/** What an import does to one kind of record. */
export interface KindCounts {
  create: number;
  update: number;
  unchanged: number;
}
export type ImportCounts = Record<TransferKind, KindCounts>;

/** The checked rows of a file, by kind; a kind the file does not hold is absent. */
export type CheckedCollection = { [K in TransferKind]?: CheckedRow<K>[] };

/** What an import would do: its counts and errors, and the writing of it. */
export interface ImportPlan {
  counts: ImportCounts;
  /**
   * Puts the plan into the EntityManager's unit of work (the caller's transaction flushes it). Only
   * for a plan without errors.
   */
  apply(): void;
}

/** One row of the file and the record it becomes. */
interface Planned<E, V> {
  row: number;
  id: string;
  values: V;
  /** The matched record; none when the row creates one. */
  existing?: E;
  /** A record matched by a natural key (name, barcode + name) gets the file's id as its externalId. */
  adoptId: boolean;
  /** The record once applied (the existing one, or the one created). */
  entity?: E;
}

type PlannedLocation = Planned<Location, LocationRowDto>;
type PlannedWhisky = Planned<Whisky, WhiskyRowDto>;
interface PlannedBottle extends Planned<Bottle, BottleRowDto> {
  whisky?: Ref<Whisky>;
  /** `null`: no location; `undefined`: unchanged (the column is missing). */
  location?: Ref<Location> | null;
  volume?: number;
}
interface PlannedPour extends Planned<Pour, PourRowDto> {
  bottle?: Ref<Bottle>;
}

/** What a reference resolves to: a row of the file, or a record of the household. */
type Ref<E> = { planned: Planned<E, unknown> } | { existing: E };

/** A bottle whose volume the import recomputes. */
interface VolumeSlot {
  sizeMl: number;
  /** Sum of its pours after the import, in tenths of a ml (the ledger's resolution, exact). */
  tenths: number;
  planned?: PlannedBottle;
  existing?: Bottle;
  /** A row with errors touches it: no verdict on its volume (the row's own error says enough). */
  uncertain: boolean;
  firstPourRow?: number;
  volume?: number;
}

/** Ids per query: PostgreSQL takes many parameters, but plans stay small this way. */
const LOOKUP_CHUNK = 500;

const ENTITY_FIELDS = {
  locations: ['name', 'description'],
  whiskies: COLUMNS.whiskies
    .map((column) => column.name)
    .filter((name) => name !== 'id' && name !== 'barcodes'),
  bottles: [
    'status',
    'sizeMl',
    'openedAt',
    'finishedAt',
    'purchasePrice',
    'currency',
    'purchasedAt',
    'shop',
    'estimatedValue',
    'notes',
  ],
  pours: ['ml', 'reason', 'pouredAt', 'notes'],
} as const satisfies Record<TransferKind, readonly string[]>;

/**
 * Matches the rows of a checked file against the household and plans the import: which rows create
 * and which update a record, what every reference points to, and each touched bottle's volume.
 * Reports what cannot be imported (duplicate ids and barcodes, unknown references, location names
 * taken, pours exceeding a bottle) as row errors.
 *
 * A row updates the record whose `externalId` is the row's `id`, or whose database id it is (a file
 * exported from this household); failing that, a location is matched by its name and a whisky by one
 * of its barcodes together with its name. Created records keep the row's `id` as their `externalId`,
 * so importing the same file again changes nothing.
 *
 * All queries go through `em`, whose household filter confines them to the caller's household.
 */
export class ImportPlanner {
  constructor(
    private readonly em: EntityManager,
    private readonly householdId: string,
    /** Lock the touched bottles (a real import), so no pour changes them until the import commits. */
    private readonly lock: boolean,
    /** Where problems are reported. */
    private readonly errors: ImportRowErrorDto[],
  ) {}

  async plan(collection: CheckedCollection): Promise<ImportPlan> {
    const rows = {
      locations: this.distinct('locations', collection.locations ?? []),
      whiskies: this.distinct('whiskies', collection.whiskies ?? []),
      bottles: this.distinct('bottles', collection.bottles ?? []),
      pours: this.distinct('pours', collection.pours ?? []),
    };
    const idsOf = (list: CheckedRow[], field = 'id') =>
      list.map((row) => row.given[field]).filter((value): value is string => typeof value === 'string');

    const existingLocations = await this.lookup(Location, [
      ...idsOf(rows.locations),
      ...idsOf(rows.bottles, 'locationId'),
    ]);
    const existingWhiskies = await this.lookup(Whisky, [
      ...idsOf(rows.whiskies),
      ...idsOf(rows.bottles, 'whiskyId'),
    ]);
    const existingBottles = await this.lookup(
      Bottle,
      [...idsOf(rows.bottles), ...idsOf(rows.pours, 'bottleId')],
      this.lock,
    );
    const existingPours = await this.lookup(Pour, idsOf(rows.pours));

    const locations = await this.planLocations(rows.locations, existingLocations);
    const whiskies = await this.planWhiskies(rows.whiskies, existingWhiskies);
    const bottles = this.planBottles(rows.bottles, existingBottles, {
      whiskies: this.resolver(rows.whiskies, whiskies.planned, existingWhiskies),
      locations: this.resolver(rows.locations, locations, existingLocations),
    });
    const bottleRef = this.resolver(rows.bottles, bottles, existingBottles);
    const pours = this.planPours(rows.pours, existingPours, bottleRef);
    const touched = await this.planVolumes(bottles, pours, rows.pours, bottleRef);

    const counts = {
      locations: tally(locations, (plan) => this.changedFields('locations', plan).length > 0),
      whiskies: tally(whiskies.planned, (plan) => whiskies.changed(plan)),
      bottles: tally(bottles, (plan) => this.bottleChanged(plan)),
      pours: tally(pours, (plan) => this.pourChanged(plan)),
    };
    return {
      counts,
      apply: () => {
        this.applyLocations(locations);
        whiskies.apply();
        this.applyBottles(bottles, touched);
        this.applyPours(pours);
      },
    };
  }

  private fail(kind: TransferKind, row: number, field: string, message: string): void {
    this.errors.push({ kind, row, field, message });
  }

  /**
   * The rows of `kind` with a repeated id reported (as an error of the later row, which then counts
   * as a row with errors).
   */
  private distinct<K extends TransferKind>(kind: K, rows: CheckedRow<K>[]): CheckedRow<K>[] {
    const first = new Map<string, number>();
    for (const row of rows) {
      if (!row.id) continue;
      const earlier = first.get(row.id);
      if (earlier === undefined) {
        first.set(row.id, row.row);
        continue;
      }
      this.fail(kind, row.row, 'id', `id "${row.id}" is already used by row ${earlier}`);
      row.values = undefined;
      row.id = undefined;
    }
    return rows;
  }

  /**
   * The household's records whose externalId or database id is one of `ids`, by that id. An externalId
   * wins over a database id; of several records with the same externalId, the oldest.
   */
  private async lookup<E extends { id: string; externalId?: string | null }>(
    entity: EntityClass<E>,
    ids: string[],
    lock = false,
  ): Promise<Map<string, E>> {
    const found = new Map<string, E>();
    const unique = [...new Set(ids)];
    for (let start = 0; start < unique.length; start += LOOKUP_CHUNK) {
      const chunk = unique.slice(start, start + LOOKUP_CHUNK);
      const wanted = new Set(chunk);
      const uuids = chunk.filter(isUuid);
      const where = {
        $or: [{ externalId: { $in: chunk } }, ...(uuids.length > 0 ? [{ id: { $in: uuids } }] : [])],
      } as FilterQuery<E>;
      const records = await this.em.find(entity, where, {
        orderBy: { createdAt: 'asc', id: 'asc' } as never,
        ...(lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {}),
      });
      for (const record of records) {
        const externalId = record.externalId;
        if (externalId && wanted.has(externalId) && !found.has(externalId)) found.set(externalId, record);
      }
      for (const record of records) {
        if (wanted.has(record.id) && !found.has(record.id)) found.set(record.id, record);
      }
    }
    return found;
  }

  /** Resolves an id of `kind` to its row in the file, else to the household's record. */
  private resolver<E>(
    rows: CheckedRow[],
    planned: Planned<E, unknown>[],
    existing: Map<string, E>,
  ): (id: string) => Ref<E> | 'invalid' | undefined {
    const inFile = new Map<string, CheckedRow>();
    for (const row of rows) if (row.id && !inFile.has(row.id)) inFile.set(row.id, row);
    const byRow = new Map(planned.map((plan) => [plan.row, plan]));
    return (id) => {
      const row = inFile.get(id);
      if (row) {
        const plan = byRow.get(row.row);
        // A row with errors: its own error is reported, and nothing is written anyway.
        return plan ? { planned: plan } : 'invalid';
      }
      const record = existing.get(id);
      return record ? { existing: record } : undefined;
    };
  }

  /** Claims `record` for `row`; a record matched by two rows is an error of the second. */
  private claim<E>(claims: Map<E, number>, record: E, kind: TransferKind, row: number): boolean {
    const earlier = claims.get(record);
    if (earlier !== undefined) {
      this.fail(kind, row, 'id', `matches the same record as row ${earlier}`);
      return false;
    }
    claims.set(record, row);
    return true;
  }

  private async planLocations(
    rows: CheckedRow<'locations'>[],
    existing: Map<string, Location>,
  ): Promise<PlannedLocation[]> {
    const claims = new Map<Location, number>();
    const planned: PlannedLocation[] = [];
    const unmatched: PlannedLocation[] = [];
    for (const row of rows) {
      if (!row.values || !row.id) continue;
      const plan: PlannedLocation = { row: row.row, id: row.id, values: row.values, adoptId: false };
      const record = existing.get(row.id);
      if (record) {
        if (!this.claim(claims, record, 'locations', row.row)) continue;
        plan.existing = record;
      } else {
        unmatched.push(plan);
      }
      planned.push(plan);
    }
    const names = [...new Set(planned.map((plan) => plan.values.name))];
    const named = new Map<string, Location>();
    for (let start = 0; start < names.length; start += LOOKUP_CHUNK) {
      const chunk = names.slice(start, start + LOOKUP_CHUNK);
      for (const location of await this.em.find(Location, { name: { $in: chunk } })) {
        named.set(location.name, location);
      }
    }
    for (const plan of unmatched) {
      const record = named.get(plan.values.name);
      if (record && !claims.has(record)) {
        claims.set(record, plan.row);
        plan.existing = record;
        plan.adoptId = !record.externalId;
      }
    }
    // Names are unique in a household: the file's names and those of locations it leaves alone.
    const taken = new Map<string, string>();
    for (const location of named.values()) {
      if (!claims.has(location)) taken.set(location.name, 'a location of your collection');
    }
    return planned.filter((plan) => {
      const owner = taken.get(plan.values.name);
      if (owner) {
        this.fail('locations', plan.row, 'name', `"${plan.values.name}" is already the name of ${owner}`);
        return false;
      }
      taken.set(plan.values.name, `row ${plan.row}`);
      return true;
    });
  }

  private async planWhiskies(rows: CheckedRow<'whiskies'>[], existing: Map<string, Whisky>) {
    const claims = new Map<Whisky, number>();
    const planned: PlannedWhisky[] = [];
    for (const row of rows) {
      if (!row.values || !row.id) continue;
      const plan: PlannedWhisky = { row: row.row, id: row.id, values: row.values, adoptId: false };
      const record = existing.get(row.id);
      if (record && !this.claim(claims, record, 'whiskies', row.row)) continue;
      plan.existing = record;
      planned.push(plan);
    }

    // The barcodes the file names, with their whiskies: for matching and for conflicts.
    const codes = [...new Set(planned.flatMap((plan) => plan.values.barcodes ?? []))];
    const barcodes = new Map<string, WhiskyBarcode>();
    for (let start = 0; start < codes.length; start += LOOKUP_CHUNK) {
      const chunk = codes.slice(start, start + LOOKUP_CHUNK);
      for (const barcode of await this.em.find(
        WhiskyBarcode,
        { code: { $in: chunk } },
        { populate: ['whisky'] },
      )) {
        barcodes.set(barcode.code, barcode);
      }
    }
    const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
    for (const plan of planned) {
      if (plan.existing) continue;
      for (const code of plan.values.barcodes ?? []) {
        const whisky = barcodes.get(code)?.whisky;
        if (whisky && !claims.has(whisky) && sameName(whisky.name, plan.values.name)) {
          claims.set(whisky, plan.row);
          plan.existing = whisky;
          plan.adoptId = !whisky.externalId;
          break;
        }
      }
    }

    // The current barcodes of matched whiskies: a row's list replaces its whisky's set.
    const matched = planned.flatMap((plan) => (plan.existing ? [plan.existing.id] : []));
    const current = new Map<string, string[]>();
    for (let start = 0; start < matched.length; start += LOOKUP_CHUNK) {
      const chunk = matched.slice(start, start + LOOKUP_CHUNK);
      for (const barcode of await this.em.find(WhiskyBarcode, { whisky: { $in: chunk } })) {
        barcodes.set(barcode.code, barcode);
        current.set(barcode.whisky.id, [...(current.get(barcode.whisky.id) ?? []), barcode.code]);
      }
    }

    // A barcode belongs to one whisky: after the import, whiskies the file leaves alone keep theirs.
    const owner = new Map<string, string>();
    for (const barcode of barcodes.values()) {
      if (!claims.has(barcode.whisky))
        owner.set(barcode.code, `whisky "${barcode.whisky.name}" of your collection`);
    }
    for (const plan of planned) {
      if (plan.existing && plan.values.barcodes === undefined) {
        for (const code of current.get(plan.existing.id) ?? []) owner.set(code, `row ${plan.row}`);
      }
    }
    const accepted = planned.filter((plan) => {
      for (const code of plan.values.barcodes ?? []) {
        const holder = owner.get(code);
        if (holder) {
          this.fail('whiskies', plan.row, 'barcodes', `barcode ${code} already belongs to ${holder}`);
          return false;
        }
      }
      for (const code of plan.values.barcodes ?? []) owner.set(code, `row ${plan.row}`);
      return true;
    });

    const codesChanged = (plan: PlannedWhisky): boolean =>
      plan.values.barcodes !== undefined &&
      !sameList([...plan.values.barcodes].sort(), [...(current.get(plan.existing?.id ?? '') ?? [])].sort());
    return {
      planned: accepted,
      changed: (plan: PlannedWhisky) => this.changedFields('whiskies', plan).length > 0 || codesChanged(plan),
      apply: () => {
        const household = this.em.getReference(Household, this.householdId);
        const finalOwner = new Map<string, Whisky>();
        const replaced = new Set<Whisky>();
        for (const plan of accepted) {
          const whisky = this.applyRecord('whiskies', plan, Whisky);
          if (plan.values.barcodes === undefined) continue;
          replaced.add(whisky);
          for (const code of plan.values.barcodes) finalOwner.set(code, whisky);
        }
        for (const barcode of barcodes.values()) {
          const whisky = finalOwner.get(barcode.code);
          if (whisky) barcode.whisky = whisky;
          else if (replaced.has(barcode.whisky)) this.em.remove(barcode);
        }
        for (const [code, whisky] of finalOwner) {
          if (!barcodes.has(code)) this.em.create(WhiskyBarcode, { household, code, whisky });
        }
      },
    };
  }

  private planBottles(
    rows: CheckedRow<'bottles'>[],
    existing: Map<string, Bottle>,
    refs: {
      whiskies: (id: string) => Ref<Whisky> | 'invalid' | undefined;
      locations: (id: string) => Ref<Location> | 'invalid' | undefined;
    },
  ): PlannedBottle[] {
    const claims = new Map<Bottle, number>();
    const planned: PlannedBottle[] = [];
    for (const row of rows) {
      if (!row.values || !row.id) continue;
      const plan: PlannedBottle = { row: row.row, id: row.id, values: row.values, adoptId: false };
      const record = existing.get(row.id);
      if (record && !this.claim(claims, record, 'bottles', row.row)) continue;
      plan.existing = record;
      const whisky = refs.whiskies(row.values.whiskyId);
      if (!whisky) {
        this.fail(
          'bottles',
          row.row,
          'whiskyId',
          `no whisky has the id "${row.values.whiskyId}" in the file or your collection`,
        );
        continue;
      }
      const locationId = row.values.locationId;
      const location =
        locationId === undefined || locationId === null ? locationId : refs.locations(locationId);
      if (location === undefined && locationId) {
        this.fail(
          'bottles',
          row.row,
          'locationId',
          `no location has the id "${locationId}" in the file or your collection`,
        );
        continue;
      }
      if (whisky === 'invalid' || location === 'invalid') continue;
      plan.whisky = whisky;
      plan.location = location;
      planned.push(plan);
    }
    return planned;
  }

  private planPours(
    rows: CheckedRow<'pours'>[],
    existing: Map<string, Pour>,
    bottleRef: (id: string) => Ref<Bottle> | 'invalid' | undefined,
  ): PlannedPour[] {
    const claims = new Map<Pour, number>();
    const planned: PlannedPour[] = [];
    for (const row of rows) {
      if (!row.values || !row.id) continue;
      const plan: PlannedPour = { row: row.row, id: row.id, values: row.values, adoptId: false };
      const record = existing.get(row.id);
      if (record && !this.claim(claims, record, 'pours', row.row)) continue;
      plan.existing = record;
      const bottle = bottleRef(row.values.bottleId);
      if (!bottle) {
        this.fail(
          'pours',
          row.row,
          'bottleId',
          `no bottle has the id "${row.values.bottleId}" in the file or your collection`,
        );
        continue;
      }
      if (bottle === 'invalid') continue;
      plan.bottle = bottle;
      planned.push(plan);
    }
    return planned;
  }

  /**
   * The volume of every bottle the import touches: its size minus the sum of its pours as they will be
   * (its pours in the household, less those the file moves or changes, plus the file's). A bottle whose
   * pours exceed its size is an error, and so is a `currentVolumeMl` that disagrees with its pours.
   */
  private async planVolumes(
    bottles: PlannedBottle[],
    pours: PlannedPour[],
    pourRows: CheckedRow<'pours'>[],
    bottleRef: (id: string) => Ref<Bottle> | 'invalid' | undefined,
  ): Promise<Map<string, VolumeSlot>> {
    const slots = new Map<string, VolumeSlot>();
    const slotOf = (ref: Ref<Bottle>): VolumeSlot => {
      const planned = 'planned' in ref ? (ref.planned as PlannedBottle) : undefined;
      const existing = planned ? planned.existing : (ref as { existing: Bottle }).existing;
      const key = existing ? existing.id : `row ${planned!.row}`;
      let slot = slots.get(key);
      if (!slot) {
        slot = { sizeMl: 0, tenths: 0, existing, uncertain: false };
        slots.set(key, slot);
      }
      if (planned) slot.planned = planned;
      slot.sizeMl = slot.planned?.values.sizeMl ?? slot.existing!.sizeMl;
      return slot;
    };
    for (const plan of bottles) slotOf({ planned: plan });
    for (const plan of pours) {
      slotOf(plan.bottle!).firstPourRow ??= plan.row;
    }
    // Pours the file changes or moves leave their current bottle.
    const leaving = pours.filter((plan) => plan.existing);
    const missing = [...new Set(leaving.map((plan) => plan.existing!.bottle.id))].filter(
      (id) => !slots.has(id),
    );
    for (let start = 0; start < missing.length; start += LOOKUP_CHUNK) {
      const chunk = missing.slice(start, start + LOOKUP_CHUNK);
      const found = await this.em.find(
        Bottle,
        { id: { $in: chunk } },
        this.lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
      );
      for (const bottle of found) slotOf({ existing: bottle });
    }
    // Rows with errors that name a bottle: that bottle's volume cannot be judged.
    for (const row of pourRows) {
      if (row.values || typeof row.given.bottleId !== 'string') continue;
      const ref = bottleRef(row.given.bottleId);
      if (ref && ref !== 'invalid') slotOf(ref).uncertain = true;
    }

    const existingIds = [...slots.values()].flatMap((slot) => (slot.existing ? [slot.existing.id] : []));
    const sums = await this.pouredTenths(existingIds);
    for (const slot of slots.values()) {
      if (slot.existing) slot.tenths = sums.get(slot.existing.id) ?? 0;
    }
    for (const plan of leaving) {
      const slot = slots.get(plan.existing!.bottle.id);
      if (slot) slot.tenths -= toTenths(plan.existing!.ml);
    }
    for (const plan of pours) slotOf(plan.bottle!).tenths += toTenths(plan.values.ml);

    for (const slot of slots.values()) {
      if (slot.uncertain) continue;
      const label = slot.planned
        ? `this bottle`
        : `bottle "${slot.existing?.externalId ?? slot.existing?.id}"`;
      if (slot.tenths > slot.sizeMl * 10) {
        const message = `the pours of ${label} add up to ${slot.tenths / 10} ml, more than its size of ${slot.sizeMl} ml`;
        if (slot.planned) this.fail('bottles', slot.planned.row, 'sizeMl', message);
        else this.fail('pours', slot.firstPourRow ?? 0, 'ml', message);
        continue;
      }
      slot.volume = (slot.sizeMl * 10 - slot.tenths) / 10;
      const stated = slot.planned?.values.currentVolumeMl;
      if (slot.planned && typeof stated === 'number' && stated !== slot.volume) {
        this.fail(
          'bottles',
          slot.planned.row,
          'currentVolumeMl',
          `currentVolumeMl is ${stated}, but the size minus the pours is ${slot.volume}: the volume follows from the pours`,
        );
      }
      if (slot.planned) slot.planned.volume = slot.volume;
    }
    return slots;
  }

  /** The sum of the pours of each bottle, in tenths of a ml. */
  private async pouredTenths(bottleIds: string[]): Promise<Map<string, number>> {
    const sums = new Map<string, number>();
    for (let start = 0; start < bottleIds.length; start += LOOKUP_CHUNK) {
      const chunk = bottleIds.slice(start, start + LOOKUP_CHUNK);
      const qb = this.em
        .createQueryBuilder(Pour, 'p')
        .select(['p.bottle', sql`round(sum(p.ml) * 10)::int`.as('tenths')])
        .where({ bottle: { $in: chunk } })
        .groupBy('p.bottle');
      await qb.applyFilters();
      const rows = await qb.execute<{ bottle: string; tenths: number }[]>('all');
      for (const row of rows) sums.set(row.bottle, row.tenths);
    }
    return sums;
  }

  /** The fields of `kind` that the row sets, as the record will hold them. */
  private nextValues(kind: TransferKind, values: object): Record<string, unknown> {
    const next: Record<string, unknown> = {};
    const given = values as Record<string, unknown>;
    for (const field of ENTITY_FIELDS[kind]) {
      let value = given[field];
      if (value === undefined) continue;
      if (field === 'currency' && typeof value === 'string') value = value.toUpperCase();
      if (field === 'ml' && typeof value === 'number') value = toTenths(value) / 10;
      next[field] = value;
    }
    return next;
  }

  /** The fields a matched record would change (all of them for a record to create). */
  private changedFields(kind: TransferKind, plan: Planned<object, object>): string[] {
    const next = this.nextValues(kind, plan.values);
    if (!plan.existing) return Object.keys(next);
    const record = plan.existing as Record<string, unknown>;
    const changed = Object.keys(next).filter((field) => !sameValue(record[field], next[field]));
    if (plan.adoptId) changed.push('externalId');
    return changed;
  }

  private bottleChanged(plan: PlannedBottle): boolean {
    if (this.changedFields('bottles', plan).length > 0 || !plan.existing) return true;
    const bottle = plan.existing;
    if (plan.volume !== undefined && plan.volume !== bottle.currentVolumeMl) return true;
    if (plan.whisky && !refersTo(plan.whisky, bottle.whisky)) return true;
    if (plan.location === undefined) return false;
    return plan.location ? !refersTo(plan.location, bottle.location) : bottle.location != null;
  }

  private pourChanged(plan: PlannedPour): boolean {
    if (this.changedFields('pours', plan).length > 0 || !plan.existing) return true;
    return !refersTo(plan.bottle!, plan.existing.bottle);
  }

  /** Creates or updates the record of `plan` with the row's fields. */
  private applyRecord<E extends object>(
    kind: TransferKind,
    plan: Planned<E, object>,
    entity: EntityClass<E>,
  ): E {
    const next = this.nextValues(kind, plan.values);
    if (plan.existing) {
      const record = plan.existing as Record<string, unknown>;
      for (const field of this.changedFields(kind, plan)) {
        if (field !== 'externalId') record[field] = next[field];
      }
      if (plan.adoptId) record.externalId = plan.id;
      plan.entity = plan.existing;
    } else {
      const defaults = Object.fromEntries(
        COLUMNS[kind]
          .filter((column) => (ENTITY_FIELDS[kind] as readonly string[]).includes(column.name))
          .map((column) => [column.name, column.empty ?? null]),
      );
      plan.entity = this.em.create(entity, {
        ...defaults,
        ...next,
        household: this.em.getReference(Household, this.householdId),
        externalId: plan.id,
      } as never);
    }
    return plan.entity;
  }

  private applyLocations(plans: PlannedLocation[]): void {
    for (const plan of plans) this.applyRecord('locations', plan, Location);
  }

  /**
   * Bottles are written with the volume their pours leave, and so are the household's bottles whose
   * pours the file changes. Besides the PourLedger, this is the one place that sets volumes: imported
   * pours are history that already happened, not new pours, so they are written as ledger entries
   * directly and the volumes recomputed from the whole ledger, all inside the import's transaction
   * with the touched bottles locked.
   */
  private applyBottles(plans: PlannedBottle[], slots: Map<string, VolumeSlot>): void {
    for (const plan of plans) {
      const bottle = this.applyRecord('bottles', plan, Bottle);
      bottle.whisky = targetOf(plan.whisky!);
      if (plan.location !== undefined) bottle.location = plan.location ? targetOf(plan.location) : null;
      bottle.currentVolumeMl = plan.volume!;
    }
    for (const slot of slots.values()) {
      if (!slot.planned && slot.existing && slot.volume !== undefined)
        slot.existing.currentVolumeMl = slot.volume;
    }
  }

  private applyPours(plans: PlannedPour[]): void {
    for (const plan of plans) {
      this.applyRecord('pours', plan, Pour).bottle = targetOf(plan.bottle!);
    }
  }
}

/** Whether `ref` points to `record` already (a row that creates a record points to no existing one). */
function refersTo<E extends { id: string }>(ref: Ref<E>, record: E | null | undefined): boolean {
  const target = 'existing' in ref ? ref.existing : ref.planned.existing;
  return target !== undefined && target.id === record?.id;
}

/** The record a reference points to; a row's record exists once its kind is applied. */
function targetOf<E>(ref: Ref<E>): E {
  if ('existing' in ref) return ref.existing;
  const entity = ref.planned.entity ?? ref.planned.existing;
  if (!entity) throw new Error(`Row ${ref.planned.row} is referred to before it was applied`);
  return entity;
}

function tally<P extends { existing?: unknown }>(plans: P[], changed: (plan: P) => boolean): KindCounts {
  const counts = { create: 0, update: 0, unchanged: 0 };
  for (const plan of plans) {
    if (!plan.existing) counts.create += 1;
    else if (changed(plan)) counts.update += 1;
    else counts.unchanged += 1;
  }
  return counts;
}

function toTenths(ml: number): number {
  return Math.round(ml * 10);
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return sameList(a, b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return (a ?? null) === (b ?? null);
}

/** Every kind, for reports of files that hold only some. */
export function emptyCounts(): ImportCounts {
  return Object.fromEntries(
    TRANSFER_KINDS.map((kind) => [kind, { create: 0, update: 0, unchanged: 0 }]),
  ) as ImportCounts;
}
