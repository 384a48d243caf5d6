import { ListGuesser } from 'react-admin';

/** Placeholder until the sessions screens land. */
export default { list: ListGuesser };
