import { ListGuesser } from 'react-admin';

/** Placeholder until the audit-events screens land. */
export default { list: ListGuesser };
