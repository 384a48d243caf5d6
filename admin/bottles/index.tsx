import { ListGuesser } from 'react-admin';

/** Placeholder until the bottles screens land. */
export default { list: ListGuesser };
