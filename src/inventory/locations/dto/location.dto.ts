import type { LocationView } from '../locations.service.js';

/** A place where bottles live, with how many bottles are there. */
export class LocationDto {
  /** @example "0195b3c2-7f4e-7a1c-9a55-1c0de0a1b2c3" */
  id: string;
  /** @example "Living-room cabinet, top shelf" */
  name: string;
  description: string | null;
  externalId: string | null;
  /** Bottles at this location, whatever their status. @example 12 */
  bottleCount: number;
  createdAt: Date;
  /** Send it back when changing the location; a stale version is refused with 409. */
  version: number;

  static from({ location, bottleCount }: LocationView): LocationDto {
    return Object.assign(new LocationDto(), {
      id: location.id,
      name: location.name,
      description: location.description ?? null,
      externalId: location.externalId ?? null,
      bottleCount,
      createdAt: location.createdAt,
      version: location.version,
    });
  }
}
