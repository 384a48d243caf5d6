import { DataTable, DateField, List, SearchInput, SimpleList } from 'react-admin';
import AllInclusiveIcon from '@mui/icons-material/AllInclusive';
import type { Schemas } from '../dataProvider';
import { EmptyList } from '../common/EmptyList';
import { FillLevelBar } from '../common/FillLevelBar';
import { formatMl } from '../common/format';
import { useSmallScreen } from '../common/useSmallScreen';
import { fillPercent } from './fillPercent';

type InfinityBottle = Schemas['InfinityBottleDto'];
const Column = DataTable.Col<InfinityBottle>;

const contents = (vessel: InfinityBottle) => `${formatMl(vessel.volumeMl)} of ${formatMl(vessel.capacityMl)}`;

const empty = (
  <EmptyList
    icon={<AllInclusiveIcon />}
    title="No infinity bottle yet"
    hint="An infinity bottle collects a little of many bottles into one blend that changes with every addition."
  />
);

/** The household's infinity bottles and how full each is. */
export const InfinityBottleList = () => {
  const small = useSmallScreen();
  return (
    <List
      empty={empty}
      title="Infinity bottles"
      filters={[<SearchInput key="q" source="q" alwaysOn />]}
      sort={{ field: 'name', order: 'ASC' }}
    >
      {small ? (
        <SimpleList<InfinityBottle>
          rowClick="show"
          primaryText={(vessel) => vessel.name}
          secondaryText={(vessel) => <FillLevelBar percent={fillPercent(vessel)} />}
          tertiaryText={contents}
        />
      ) : (
        <DataTable rowClick="show" bulkActionButtons={false}>
          <Column source="name" />
          <Column
            label="Fill level"
            render={(vessel) => <FillLevelBar percent={fillPercent(vessel)} />}
            sx={{ minWidth: 200 }}
          />
          <Column label="Contents" render={contents} />
          <Column source="notes" disableSort />
          <Column source="createdAt" label="Started" field={DateField} />
        </DataTable>
      )}
    </List>
  );
};
