import { RequestContext } from '@mikro-orm/core';

/** Name of the MikroORM filter that confines queries to the caller's household. */
export const HOUSEHOLD_FILTER = 'household';

/** The filter's parameters: the household every query of this request is confined to. */
export interface HouseholdFilterParams {
  id: string;
}

/**
 * The one mechanism that scopes data by household: every household-owned entity declares this filter.
 * It is on by default and has no default argument, so a query without a household (a forgotten
 * scope, a job that did not set one) fails loudly instead of returning other households' rows. The
 * authentication guard sets the argument for each request; code that must look across households
 * (signing in, for one) disables the filter explicitly with `filters: { household: false }`.
 *
 * @param field the property holding the household: a relation (`household`) or a plain id column
 */
export function householdFilter(field = 'household') {
  return {
    [HOUSEHOLD_FILTER]: {
      name: HOUSEHOLD_FILTER,
      cond: (args: HouseholdFilterParams) => ({ [field]: args.id }),
      default: true,
    },
  };
}

/**
 * Confines the rest of this request's queries to `householdId`. The authentication guard calls it for
 * signed-in callers; public routes that resolve a household from a secret link (a guest's tasting
 * link, a shared result) call it once the link is verified.
 */
export function enterHousehold(householdId: string): void {
  const em = RequestContext.getEntityManager();
  if (!em) throw new Error('No request-scoped EntityManager: the MikroORM request context is not registered');
  em.setFilterParams(HOUSEHOLD_FILTER, { id: householdId } satisfies HouseholdFilterParams);
}
