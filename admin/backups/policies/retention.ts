import type { Schemas } from '../../dataProvider';

type Rules = Schemas['RetentionRulesDto'];
const COUNTS = ['last', 'hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const;

/**
 * The retention fields of the form as the API takes them: empty number inputs (null) and an empty
 * `within` are left out rather than sent as null.
 */
export function cleanRetention(form: Record<string, unknown> | null | undefined): Rules {
  const rules: Rules = {};
  for (const key of COUNTS) {
    const value = form?.[key];
    if (typeof value === 'number' && Number.isFinite(value)) rules[key] = value;
  }
  const within = form?.within;
  if (typeof within === 'string' && within.trim()) rules.within = within.trim();
  return rules;
}

/** The form's values as a policy body: clean retention, empty drill schedule as "never". */
export function policyBody<T extends Record<string, unknown>>(data: T): T {
  const drill = data.drillSchedule;
  return {
    ...data,
    retention: cleanRetention(data.retention as Record<string, unknown> | undefined),
    drillSchedule: typeof drill === 'string' && drill.trim() ? drill.trim() : null,
  };
}
