import { Grid, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import {
  BooleanInput,
  FormDataConsumer,
  NullableBooleanInput,
  NumberInput,
  RadioButtonGroupInput,
  SelectInput,
  TextArrayInput,
  TextInput,
  maxLength,
  maxValue,
  minValue,
  number,
  required,
} from 'react-admin';
import type { Schemas } from '../dataProvider';
import { BOTTLER_CHOICES, STYLE_CHOICES } from './whiskyChoices';

type WhiskyFields = Schemas['CreateWhiskyDto'];

const thisYear = new Date().getFullYear();
const year = [number(), minValue(1800), maxValue(thisYear, `Not after ${thisYear}`)];

/** Shapes the API accepts; the check digit itself is verified by the API. */
const barcodeShapes = (codes: unknown) =>
  Array.isArray(codes) &&
  codes.some((code) => !/^(\d{8}|\d{12}|\d{13})$/.test(String(code).replace(/\s+/g, '')))
    ? 'Each code has 8, 12 or 13 digits (EAN-8, UPC, EAN-13)'
    : undefined;

const bottledAfterVintage = (value: unknown, values: Partial<WhiskyFields>) =>
  typeof value === 'number' && typeof values.vintageYear === 'number' && value < values.vintageYear
    ? 'Not before the vintage'
    : undefined;

const bottlerNameWhenIndependent = (value: unknown, values: Partial<WhiskyFields>) =>
  values.bottlerKind === 'independent' && !value ? 'Name the independent bottler' : undefined;

const webAddress = (value: string | null | undefined) =>
  value && !/^https?:\/\/\S+$/.test(value) ? 'An http or https address' : undefined;

const Section = ({ title, children }: { title: string; children: ReactNode }) => (
  <>
    <Grid size={12}>
      <Typography variant="subtitle1" component="h3" sx={{ mt: 2 }}>
        {title}
      </Typography>
    </Grid>
    {children}
  </>
);

const Half = ({ children }: { children: ReactNode }) => <Grid size={{ xs: 12, sm: 6 }}>{children}</Grid>;

/** Every field of a whisky, grouped as a label reads: identity, age and strength, cask, codes and notes. */
export const WhiskyInputs = () => (
  <Grid container columnSpacing={2} sx={{ width: '100%' }}>
    <Section title="The whisky">
      <Grid size={12}>
        <TextInput
          source="name"
          validate={[required(), maxLength(200)]}
          helperText="As on the label, e.g. Lagavulin 16"
        />
      </Grid>
      <Half>
        <TextInput source="distillery" validate={maxLength(200)} />
      </Half>
      <Half>
        <SelectInput source="style" choices={STYLE_CHOICES} validate={required()} />
      </Half>
      <Half>
        <TextInput source="country" validate={maxLength(100)} />
      </Half>
      <Half>
        <TextInput source="region" validate={maxLength(100)} helperText="e.g. Islay, Speyside, Kentucky" />
      </Half>
      <Half>
        <RadioButtonGroupInput source="bottlerKind" label="Bottling" choices={BOTTLER_CHOICES} />
      </Half>
      <Half>
        <FormDataConsumer<WhiskyFields>>
          {({ formData }) =>
            formData.bottlerKind === 'independent' && (
              <TextInput
                source="bottlerName"
                label="Bottler"
                validate={[bottlerNameWhenIndependent, maxLength(200)]}
                helperText="e.g. Signatory Vintage"
              />
            )
          }
        </FormDataConsumer>
      </Half>
    </Section>
    <Section title="Age and strength">
      <Half>
        <NumberInput
          source="abv"
          label="ABV (%)"
          step={0.1}
          validate={[required(), minValue(0), maxValue(100)]}
          helperText="Alcohol by volume, one decimal at most"
        />
      </Half>
      <Half>
        <NumberInput
          source="ageYears"
          label="Age (years)"
          validate={[minValue(0), maxValue(100)]}
          helperText="Leave empty for no age statement (NAS)"
        />
      </Half>
      <Half>
        <NumberInput source="vintageYear" label="Vintage" validate={year} helperText="Year of distillation" />
      </Half>
      <Half>
        <NumberInput
          source="bottledYear"
          label="Bottled"
          validate={[...year, bottledAfterVintage]}
          helperText="Year of bottling"
        />
      </Half>
      <Half>
        <NumberInput
          source="defaultSizeMl"
          label="Usual bottle size (ml)"
          validate={[minValue(50), maxValue(5000)]}
          helperText="New bottles start with this size; 700 when empty"
        />
      </Half>
      <Half>
        <BooleanInput source="caskStrength" label="Cask strength" />
      </Half>
    </Section>
    <Section title="Cask and making">
      <Grid size={12}>
        <TextArrayInput
          source="caskTypes"
          label="Cask types"
          helperText="Press Enter after each, e.g. ex-bourbon, oloroso sherry"
        />
      </Grid>
      <Half>
        <NullableBooleanInput source="chillFiltered" label="Chill filtered" nullLabel="Unknown" />
      </Half>
      <Half>
        <NullableBooleanInput source="naturalColour" label="Natural colour" nullLabel="Unknown" />
      </Half>
    </Section>
    <Section title="Codes, tags and notes">
      <Grid size={12}>
        <TextArrayInput
          source="barcodes"
          validate={barcodeShapes}
          helperText="EAN or UPC from the bottle; type or scan, then press Enter. Each code belongs to one whisky."
        />
      </Grid>
      <Grid size={12}>
        <TextArrayInput source="tags" helperText="Press Enter after each, e.g. peated, christmas" />
      </Grid>
      <Grid size={12}>
        <TextInput source="notes" multiline minRows={3} validate={maxLength(10_000)} />
      </Grid>
      <Half>
        <TextInput
          source="externalUrl"
          label="Web page"
          type="url"
          validate={[webAddress, maxLength(2000)]}
          helperText="e.g. its Whiskybase page"
        />
      </Half>
      <Half>
        <TextInput
          source="externalId"
          label="External id"
          validate={maxLength(100)}
          helperText="Its id in another system, so imports update it"
        />
      </Half>
    </Section>
  </Grid>
);
