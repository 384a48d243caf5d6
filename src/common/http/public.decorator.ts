import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

/** Metadata key marking a route (or controller) as reachable without authentication. */
export const IS_PUBLIC = 'whiskey:isPublic';

/** OpenAPI extension marking public operations; the document gives them an empty `security`. */
export const PUBLIC_EXTENSION = 'x-public';

/**
 * Marks a route or controller as deliberately public: the global authentication guard lets it
 * through, and OpenAPI documents it as needing no credentials. Every other route is private.
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));
