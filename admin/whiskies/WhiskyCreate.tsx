import { Create, SimpleForm } from 'react-admin';
import type { Schemas } from '../dataProvider';
import { WhiskyInputs } from './WhiskyInputs';

const DEFAULTS: Partial<Schemas['CreateWhiskyDto']> = {
  bottlerKind: 'official',
  style: 'single_malt',
  caskStrength: false,
  defaultSizeMl: 700,
  caskTypes: [],
  barcodes: [],
  tags: [],
};

/** Adds a whisky (a barcode can come prefilled from a failed barcode look-up). */
export const WhiskyCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={DEFAULTS} sx={{ maxWidth: 840 }}>
      <WhiskyInputs />
    </SimpleForm>
  </Create>
);
