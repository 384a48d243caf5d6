import { AutocompleteInput, ReferenceInput, required as requiredValue } from 'react-admin';
import type { Schemas } from '../dataProvider';
import { bottleWithContentsLabel } from './bottleLabels';

/**
 * Picks a bottle of the collection by typing its whisky's name (the API's `q` on bottles). `openOnly`
 * offers only open bottles, the ones people pour from (the API filters on one status at a time).
 */
export const BottleReferenceInput = ({
  source = 'bottleId',
  label = 'Bottle',
  openOnly = false,
  required = false,
  alwaysOn,
}: {
  source?: string;
  label?: string;
  openOnly?: boolean;
  required?: boolean;
  /** For list filters. */
  alwaysOn?: boolean;
}) => (
  <ReferenceInput
    source={source}
    reference="bottles"
    sort={{ field: 'currentVolumeMl', order: 'DESC' }}
    filter={openOnly ? { status: 'open' } : undefined}
    alwaysOn={alwaysOn}
  >
    <AutocompleteInput<Schemas['BottleDto']>
      label={label}
      optionText={bottleWithContentsLabel}
      validate={required ? requiredValue() : undefined}
      helperText={openOnly ? 'Open bottles; type to search by whisky' : false}
    />
  </ReferenceInput>
);
