import { DataTable, ReferenceField, SimpleList } from 'react-admin';
import type { Schemas } from '../dataProvider';
import { formatMl, formatMoney } from '../common/format';
import { useSmallScreen } from '../common/useSmallScreen';
import { pourReasonLabel } from './pourReasons';
import { UndoPourButton } from './UndoPourButton';

type Pour = Schemas['PourDto'];
const Column = DataTable.Col<Pour>;

const when = (pour: Pour) => new Date(pour.pouredAt).toLocaleString();
const cost = (pour: Pour) => (pour.cost == null ? '' : formatMoney(pour.cost, pour.currency));

/**
 * Pours of a list context (the ledger, or one bottle's history): when, how much, why and what it
 * cost, with an undo button. `withBottle` adds the bottle column for the ledger across bottles.
 */
export const PourTable = ({ withBottle = false }: { withBottle?: boolean }) => {
  const small = useSmallScreen();
  if (small) {
    return (
      <SimpleList<Pour>
        rowClick={false}
        primaryText={(pour) => `${formatMl(pour.ml)} · ${pourReasonLabel(pour.reason)}`}
        secondaryText={(pour) => (
          <>
            {when(pour)}
            <br />
            {withBottle ? (
              <ReferenceField source="bottleId" reference="bottles" link={false} record={pour} />
            ) : (
              pour.notes
            )}
          </>
        )}
        rightIcon={() => <UndoPourButton />}
      />
    );
  }
  return (
    <DataTable rowClick={false} bulkActionButtons={false}>
      <Column source="pouredAt" label="Poured" sx={{ whiteSpace: 'nowrap' }} render={when} />
      {withBottle && (
        <Column source="bottleId" label="Bottle" disableSort>
          <ReferenceField source="bottleId" reference="bottles" link="show" />
        </Column>
      )}
      <Column source="ml" label="Volume" align="right" render={(pour) => formatMl(pour.ml)} />
      <Column source="reason" disableSort render={(pour) => pourReasonLabel(pour.reason)} />
      <Column source="notes" disableSort />
      <Column source="cost" disableSort align="right" render={cost} />
      <Column label="" disableSort align="right">
        <UndoPourButton />
      </Column>
    </DataTable>
  );
};
