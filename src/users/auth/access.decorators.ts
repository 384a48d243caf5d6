import { SetMetadata } from '@nestjs/common';
import type { Role } from '../user.entity.js';

export const ROLES_KEY = 'whiskey:roles';
export const SELF_SERVICE_KEY = 'whiskey:selfService';
export const INSTANCE_ADMIN_KEY = 'whiskey:instanceAdmin';

/** Only these roles may call the route (403 otherwise). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/**
 * Only admins of the founding household may call the route: instance-wide settings (registration
 * mode, the job board) are theirs, not every household's.
 */
export const InstanceAdmin = (): MethodDecorator & ClassDecorator => SetMetadata(INSTANCE_ADMIN_KEY, true);

/**
 * A write to the caller's own account (profile, password, sessions, tokens) rather than to collection
 * data: read-only users and users who have not verified their email may still do it. Read-scoped API
 * tokens may not.
 */
export const AccountSelfService = (): MethodDecorator & ClassDecorator => SetMetadata(SELF_SERVICE_KEY, true);
