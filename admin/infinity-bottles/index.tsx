import { ListGuesser } from 'react-admin';

/** Placeholder until the infinity-bottles screens land. */
export default { list: ListGuesser };
