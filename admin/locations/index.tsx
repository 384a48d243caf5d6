import { ListGuesser } from 'react-admin';

/** Placeholder until the locations screens land. */
export default { list: ListGuesser };
