import { SetMetadata } from '@nestjs/common';

/** Metadata key marking a route (or controller) as reachable without authentication. */
export const IS_PUBLIC = 'whiskey:isPublic';

/**
 * Marks a route or controller as deliberately public. Every other route requires authentication
 * once the users module installs its global guard.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
