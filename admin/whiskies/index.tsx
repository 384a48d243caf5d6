import { ListGuesser } from 'react-admin';

/** Placeholder until the whiskies screens land. */
export default { list: ListGuesser };
