import {
  SelectInput,
  required,
  useCanAccess,
  useDataProvider,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import type { ConsoleDataProvider, Schemas } from '../dataProvider';
import { PourControls } from '../common/PourControls';
import { POURABLE_REASON_CHOICES } from '../pours/pourReasons';

type PourBody = Schemas['CreatePourDto'];

/**
 * The quick pour of a bottle's page: 25, 35 or 50 ml in one tap, or another amount and reason. The
 * fill bar and the pour history refresh in place. Only sealed and open bottles can be poured from,
 * and only by members who may change the collection.
 */
export const BottleQuickPour = () => {
  const bottle = useRecordContext<Schemas['BottleDetailDto']>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const refresh = useRefresh();
  const { canAccess } = useCanAccess({ action: 'edit', resource: 'bottles' });
  if (!bottle || !canAccess || (bottle.status !== 'sealed' && bottle.status !== 'open')) return null;
  return (
    <PourControls<PourBody>
      remainingMl={bottle.currentVolumeMl}
      defaults={{ reason: 'dram' }}
      dialogInputs={<SelectInput source="reason" choices={POURABLE_REASON_CHOICES} validate={required()} />}
      onPour={async (body) => {
        await dataProvider.pour(bottle.id, body);
        refresh();
      }}
    />
  );
};
