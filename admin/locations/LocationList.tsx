import { DataTable, List, SearchInput, SimpleList } from 'react-admin';
import PlaceIcon from '@mui/icons-material/Place';
import type { Schemas } from '../dataProvider';
import { EmptyList } from '../common/EmptyList';
import { useSmallScreen } from '../common/useSmallScreen';

type Location = Schemas['LocationDto'];
const Column = DataTable.Col<Location>;

const bottles = (location: Location) =>
  location.bottleCount === 1 ? '1 bottle' : `${location.bottleCount} bottles`;

const empty = (
  <EmptyList
    icon={<PlaceIcon />}
    title="No location yet"
    hint="Name the places where you keep bottles: a cabinet, a shelf, the cellar."
  />
);

/** Where the bottles are kept, with how many are at each place. */
export const LocationList = () => {
  const small = useSmallScreen();
  return (
    <List
      empty={empty}
      filters={[<SearchInput key="q" source="q" alwaysOn />]}
      sort={{ field: 'name', order: 'ASC' }}
    >
      {small ? (
        <SimpleList<Location>
          rowClick="show"
          primaryText={(location) => location.name}
          secondaryText={(location) => location.description}
          tertiaryText={bottles}
        />
      ) : (
        <DataTable rowClick="show" bulkActionButtons={false}>
          <Column source="name" />
          <Column source="description" disableSort />
          <Column source="bottleCount" label="Bottles" disableSort align="right" />
        </DataTable>
      )}
    </List>
  );
};
