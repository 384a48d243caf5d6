import {
  AutocompleteInput,
  Create,
  FormDataConsumer,
  NumberInput,
  RadioButtonGroupInput,
  ReferenceInput,
  SimpleForm,
  maxValue,
  minValue,
  required,
  useAuthProvider,
} from 'react-admin';
import type { ConsoleAuthProvider } from '../authProvider';
import type { Schemas } from '../dataProvider';
import { LocationInput, PurchaseInputs } from './BottleInputs';

type NewBottle = Schemas['CreateBottleDto'];

const STATUS_CHOICES = [
  { id: 'sealed', name: 'Sealed' },
  { id: 'open', name: 'Open' },
];

/**
 * Adds a bottle of a whisky. The whisky (and the location) can come prefilled from the whisky's or
 * the location's page; the currency starts as the user's.
 */
export const BottleCreate = () => {
  const authProvider = useAuthProvider<ConsoleAuthProvider>();
  const defaults: Partial<NewBottle> = { status: 'sealed', currency: authProvider?.currentUser()?.currency };
  return (
    <Create redirect="show">
      <SimpleForm defaultValues={defaults} sx={{ maxWidth: 720 }}>
        <ReferenceInput source="whiskyId" reference="whiskies" sort={{ field: 'name', order: 'ASC' }}>
          <AutocompleteInput label="Whisky" validate={required()} helperText="Type to search by name" />
        </ReferenceInput>
        <LocationInput source="locationId" />
        <NumberInput
          source="sizeMl"
          label="Size (ml)"
          validate={[minValue(50), maxValue(5000)]}
          helperText="Leave empty for the whisky's usual size"
        />
        <RadioButtonGroupInput source="status" choices={STATUS_CHOICES} />
        <FormDataConsumer<NewBottle>>
          {({ formData }) =>
            formData.status === 'open' && (
              <NumberInput
                source="currentVolumeMl"
                label="Left in the bottle (ml)"
                validate={[minValue(0), maxValue(formData.sizeMl ?? 5000)]}
                helperText="Leave empty for a full bottle; the difference is recorded as a correction pour"
              />
            )
          }
        </FormDataConsumer>
        <PurchaseInputs />
      </SimpleForm>
    </Create>
  );
};
