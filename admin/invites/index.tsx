import { ListGuesser } from 'react-admin';

/** Placeholder until the invites screens land. */
export default { list: ListGuesser };
