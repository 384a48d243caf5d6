import { ListGuesser } from 'react-admin';

/** Placeholder until the tasting-notes screens land. */
export default { list: ListGuesser };
