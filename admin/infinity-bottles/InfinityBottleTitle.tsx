import { useRecordContext } from 'react-admin';
import type { Schemas } from '../dataProvider';

/** The page title of one infinity bottle. */
export const InfinityBottleTitle = () => {
  const vessel = useRecordContext<Schemas['InfinityBottleDto']>();
  return <span>{vessel ? `Infinity bottle ${vessel.name}` : 'Infinity bottle'}</span>;
};
