import { ListGuesser } from 'react-admin';

/** Placeholder until the pours screens land. */
export default { list: ListGuesser };
