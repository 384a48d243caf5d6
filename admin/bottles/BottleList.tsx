import { AutocompleteInput, List, ReferenceInput, SearchInput, SelectInput } from 'react-admin';
import WineBarIcon from '@mui/icons-material/WineBar';
import { BOTTLE_STATUS_CHOICES } from '../common/BottleStatusChip';
import { EmptyList } from '../common/EmptyList';
import { BottleTable } from './BottleTable';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Whisky name" />,
  <SelectInput key="status" source="status" choices={BOTTLE_STATUS_CHOICES} />,
  <ReferenceInput key="whiskyId" source="whiskyId" reference="whiskies">
    <AutocompleteInput label="Whisky" />
  </ReferenceInput>,
  <ReferenceInput key="locationId" source="locationId" reference="locations">
    <AutocompleteInput label="Location" />
  </ReferenceInput>,
];

const empty = (
  <EmptyList
    icon={<WineBarIcon />}
    title="No bottle yet"
    hint="Add the bottles you own, sealed or open, to follow how full each one is and what a dram costs."
  />
);

/** The bottles of the collection: how full each is, where it is and what it cost. */
export const BottleList = () => (
  <List empty={empty} filters={filters} sort={{ field: 'createdAt', order: 'DESC' }}>
    <BottleTable />
  </List>
);
