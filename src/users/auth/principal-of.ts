import type { User } from '../user.entity.js';
import type { Principal } from './principal.js';

/** The parts of a principal that come from the user itself (the household must be loaded). */
export function principalOf(user: User): Omit<Principal, 'scope' | 'sessionId' | 'apiTokenId'> {
  return {
    userId: user.id,
    householdId: user.household.id,
    role: user.role,
    instanceAdmin: user.role === 'admin' && user.household.founding,
    emailVerified: user.emailVerifiedAt !== null && user.emailVerifiedAt !== undefined,
  };
}
