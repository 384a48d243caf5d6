import { Box, InputAdornment, Typography } from '@mui/material';
import LiquorIcon from '@mui/icons-material/Liquor';
import QrCodeScannerIcon from '@mui/icons-material/QrCodeScanner';
import {
  DataTable,
  List,
  SearchInput,
  SelectInput,
  SimpleList,
  TextInput,
  useListContext,
} from 'react-admin';
import type { Schemas } from '../dataProvider';
import { EmptyList } from '../common/EmptyList';
import { PrefilledCreateButton } from '../common/PrefilledCreateButton';
import { useSmallScreen } from '../common/useSmallScreen';
import { STYLE_CHOICES, ageLabel, styleLabel } from './whiskyChoices';

type Whisky = Schemas['WhiskyDto'];
const Column = DataTable.Col<Whisky>;

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Name, distillery, bottler or tag" />,
  <TextInput
    key="barcode"
    source="barcode"
    label="Barcode"
    alwaysOn
    helperText={false}
    slotProps={{
      htmlInput: { inputMode: 'numeric', autoComplete: 'off' },
      input: {
        startAdornment: (
          <InputAdornment position="start">
            <QrCodeScannerIcon fontSize="small" />
          </InputAdornment>
        ),
      },
    }}
  />,
  <TextInput key="country" source="country" />,
  <TextInput key="region" source="region" />,
  <SelectInput key="style" source="style" choices={STYLE_CHOICES} />,
  <TextInput key="tag" source="tag" />,
];

const origin = (whisky: Whisky) => [whisky.country, whisky.region].filter(Boolean).join(', ');
const bottles = (whisky: Whisky) => (whisky.bottleCount === 1 ? '1 bottle' : `${whisky.bottleCount} bottles`);

/**
 * What the list says when nothing matches: for a scanned barcode, that no whisky has it yet, with a
 * button to add one carrying the code.
 */
const WhiskyNoResults = () => {
  const filterValues = useListContext().filterValues as { barcode?: unknown };
  const barcode = typeof filterValues.barcode === 'string' ? filterValues.barcode.replace(/\s+/g, '') : '';
  return (
    <Box sx={{ p: 2 }}>
      <Typography gutterBottom>
        {barcode ? `No whisky of the collection has the barcode ${barcode}.` : 'No whisky matches.'}
      </Typography>
      {barcode && (
        <PrefilledCreateButton
          resource="whiskies"
          record={{ barcodes: [barcode] }}
          label="Add a whisky with this barcode"
          variant="contained"
        />
      )}
    </Box>
  );
};

const empty = (
  <EmptyList
    icon={<LiquorIcon />}
    title="No whisky yet"
    hint="Add the whiskies of your collection with their barcodes; scanning a bottle then finds its whisky."
  />
);

/** The whiskies of the collection: search, filters and the barcode look-up. */
export const WhiskyList = () => {
  const small = useSmallScreen();
  return (
    <List empty={empty} filters={filters} sort={{ field: 'name', order: 'ASC' }}>
      {small ? (
        <SimpleList<Whisky>
          rowClick="show"
          primaryText={(whisky) => whisky.name}
          secondaryText={(whisky) =>
            [whisky.distillery, ageLabel(whisky), `${whisky.abv} %`].filter(Boolean).join(' · ')
          }
          tertiaryText={bottles}
          empty={<WhiskyNoResults />}
        />
      ) : (
        <DataTable rowClick="show" bulkActionButtons={false} empty={<WhiskyNoResults />}>
          <Column source="name" />
          <Column source="distillery" />
          <Column source="style" disableSort render={(whisky) => styleLabel(whisky.style)} />
          <Column source="ageYears" label="Age" render={ageLabel} />
          <Column source="abv" label="ABV" align="right" render={(whisky) => `${whisky.abv} %`} />
          <Column label="Origin" disableSort render={origin} />
          <Column source="bottleCount" label="Bottles" disableSort align="right" />
        </DataTable>
      )}
    </List>
  );
};
