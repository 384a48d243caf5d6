import { ListGuesser } from 'react-admin';

/** Placeholder until the users screens land. */
export default { list: ListGuesser };
