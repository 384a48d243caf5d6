import { Card, CardContent, Chip, Grid, Stack, Typography } from '@mui/material';
import {
  DeleteButton,
  EditButton,
  RecordField,
  Show,
  TopToolbar,
  UrlField,
  useRecordContext,
} from 'react-admin';
import type { Schemas } from '../dataProvider';
import { formatMl } from '../common/format';
import { RelatedBottles } from '../bottles/RelatedBottles';
import { WhiskyNotes } from './WhiskyNotes';
import { RecordPhotos } from '../photos/RecordPhotos';
import { ageLabel, styleLabel } from './whiskyChoices';

type Whisky = Schemas['WhiskyDto'];

const WhiskyShowActions = () => (
  <TopToolbar>
    <EditButton />
    <DeleteButton
      mutationMode="pessimistic"
      confirmContent="Its barcodes are deleted with it. A whisky that still has bottles cannot be deleted."
    />
  </TopToolbar>
);

const yesNoUnknown = (value: boolean | null) => (value == null ? 'Unknown' : value ? 'Yes' : 'No');

const Chips = ({ values, label }: { values: string[]; label: string }) =>
  values.length === 0 ? null : (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }} aria-label={label}>
      {values.map((value) => (
        <Chip key={value} label={value} size="small" />
      ))}
    </Stack>
  );

/** What the label and the bottler say about the whisky. */
const WhiskyDetails = () => {
  const whisky = useRecordContext<Whisky>();
  if (!whisky) return null;
  const bottler =
    whisky.bottlerKind === 'independent' ? `Bottled by ${whisky.bottlerName}` : 'Official bottling';
  return (
    <Card>
      <CardContent>
        <Stack spacing={1.5}>
          <div>
            <Typography variant="h5" component="h2">
              {whisky.name}
            </Typography>
            <Typography color="text.secondary">
              {[
                whisky.distillery,
                styleLabel(whisky.style),
                [whisky.region, whisky.country].filter(Boolean).join(', '),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {bottler}
            </Typography>
          </div>
          <Chips values={whisky.tags} label="Tags" />
          <Grid container spacing={1.5}>
            <Grid size={{ xs: 6, sm: 4 }}>
              <RecordField label="Age" render={ageLabel} />
            </Grid>
            <Grid size={{ xs: 6, sm: 4 }}>
              <RecordField label="ABV" render={(record: Whisky) => `${record.abv} %`} />
            </Grid>
            <Grid size={{ xs: 6, sm: 4 }}>
              <RecordField
                label="Cask strength"
                render={(record: Whisky) => (record.caskStrength ? 'Yes' : 'No')}
              />
            </Grid>
            <Grid size={{ xs: 6, sm: 4 }}>
              <RecordField label="Vintage" source="vintageYear" empty="—" />
            </Grid>
            <Grid size={{ xs: 6, sm: 4 }}>
              <RecordField label="Bottled" source="bottledYear" empty="—" />
            </Grid>
            <Grid size={{ xs: 6, sm: 4 }}>
              <RecordField label="Usual size" render={(record: Whisky) => formatMl(record.defaultSizeMl)} />
            </Grid>
            <Grid size={{ xs: 6, sm: 4 }}>
              <RecordField
                label="Chill filtered"
                render={(record: Whisky) => yesNoUnknown(record.chillFiltered)}
              />
            </Grid>
            <Grid size={{ xs: 6, sm: 4 }}>
              <RecordField
                label="Natural colour"
                render={(record: Whisky) => yesNoUnknown(record.naturalColour)}
              />
            </Grid>
          </Grid>
          <RecordField
            label="Cask types"
            empty="—"
            render={(record: Whisky) =>
              record.caskTypes.length ? <Chips values={record.caskTypes} label="Cask types" /> : null
            }
          />
          <RecordField
            label="Barcodes"
            render={(record: Whisky) => (record.barcodes.length ? record.barcodes.join(', ') : null)}
            empty="None"
          />
          {whisky.externalUrl && <RecordField label="Web page" source="externalUrl" field={UrlField} />}
          {whisky.notes && <RecordField label="Notes" source="notes" sx={{ whiteSpace: 'pre-line' }} />}
        </Stack>
      </CardContent>
    </Card>
  );
};

/** One whisky: its details, its tasting notes with the average score, its photos and its bottles. */
export const WhiskyShow = () => (
  <Show actions={<WhiskyShowActions />} component="div">
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, md: 7 }}>
        <WhiskyDetails />
      </Grid>
      <Grid size={{ xs: 12, md: 5 }}>
        <WhiskyNotes />
      </Grid>
      <Grid size={12}>
        <RecordPhotos owner="whiskies" />
      </Grid>
      <Grid size={12}>
        <RelatedBottles target="whiskyId" />
      </Grid>
    </Grid>
  </Show>
);
