import { useState, type ReactNode } from 'react';
import { Box, Button, Stack, Typography } from '@mui/material';
import LocalBarIcon from '@mui/icons-material/LocalBar';
import { NumberInput, TextInput, maxValue, minValue, required, useNotify } from 'react-admin';
import { FormDialog } from './FormDialog';
import { formatMl } from './format';

/** The usual measures: a small dram, a large one, a double. */
const POUR_PRESETS_ML = [25, 35, 50] as const;

/** What every pour carries: its volume and optional notes. */
export interface PourValues {
  ml: number;
  notes?: string | null;
}

/** Props of {@link PourControls}. */
export interface PourControlsProps<T extends PourValues> {
  /** What is left to pour; presets above it are disabled and the custom amount is capped. */
  remainingMl: number;
  /** Values every pour starts from (a reason, say). */
  defaults?: Omit<T, 'ml'>;
  /** More inputs for the custom pour dialog. */
  dialogInputs?: ReactNode;
  /** Records the pour; the caller refreshes what it shows. */
  onPour: (values: T) => Promise<unknown>;
}

/**
 * One-tap pours of the usual measures plus a custom amount in a dialog: big touch targets for the
 * middle of a tasting. Notifies what was poured, or why the API refused it.
 */
export function PourControls<T extends PourValues>({
  remainingMl,
  defaults,
  dialogInputs,
  onPour,
}: PourControlsProps<T>) {
  const notify = useNotify();
  const [pending, setPending] = useState(false);
  const [customOpen, setCustomOpen] = useState(false);

  const pour = async (values: T) => {
    const notes = values.notes?.trim();
    await onPour({ ...values, notes: notes || undefined });
    notify(`Poured ${formatMl(values.ml)}`, { type: 'success' });
  };
  const pourPreset = async (ml: number) => {
    setPending(true);
    try {
      await pour({ ...defaults, ml } as T);
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
    } finally {
      setPending(false);
    }
  };

  return (
    <Box component="section" aria-label="Pour">
      <Typography variant="overline" color="text.secondary" component="h3">
        Pour
      </Typography>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {POUR_PRESETS_ML.map((ml) => (
          <Button
            key={ml}
            variant="contained"
            size="large"
            startIcon={<LocalBarIcon />}
            aria-label={`Pour ${formatMl(ml)}`}
            disabled={pending || ml > remainingMl}
            onClick={() => void pourPreset(ml)}
            sx={{ minHeight: 48 }}
          >
            {formatMl(ml)}
          </Button>
        ))}
        <Button
          variant="outlined"
          size="large"
          disabled={pending || remainingMl <= 0}
          onClick={() => setCustomOpen(true)}
          sx={{ minHeight: 48 }}
        >
          Other amount…
        </Button>
      </Stack>
      <FormDialog<T>
        open={customOpen}
        title="Pour another amount"
        submitLabel="Pour"
        submitIcon={<LocalBarIcon />}
        defaultValues={{ ...defaults } as Partial<T>}
        onClose={() => setCustomOpen(false)}
        onSubmit={pour}
      >
        <NumberInput
          source="ml"
          label="Millilitres"
          validate={[
            required(),
            minValue(0.1),
            maxValue(remainingMl, `At most ${formatMl(remainingMl)} are left`),
          ]}
          helperText={`${formatMl(remainingMl)} left`}
          autoFocus
        />
        {dialogInputs}
        <TextInput source="notes" label="Notes" multiline minRows={2} />
      </FormDialog>
    </Box>
  );
}
