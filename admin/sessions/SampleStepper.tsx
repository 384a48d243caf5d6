import { useState, type ReactNode } from 'react';
import { Box, Button, Stack, ToggleButton, ToggleButtonGroup } from '@mui/material';
import CheckIcon from '@mui/icons-material/Check';
import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';

/** A sample of a flight, as the stepper needs it. */
interface Sample {
  id: string;
  label: string;
}

/**
 * One sample at a time, for tasting with a phone in hand: big numbered buttons (ticked once noted),
 * the current sample's card, and previous / next. Every card stays mounted, so a half-written note
 * survives a look at another sample.
 */
export const SampleStepper = <T extends Sample>({
  samples,
  isNoted,
  renderSample,
}: SampleStepperProps<T>) => {
  const [current, setCurrent] = useState(0);
  const index = Math.min(current, Math.max(samples.length - 1, 0));
  return (
    <Stack spacing={2}>
      <ToggleButtonGroup
        exclusive
        value={index}
        onChange={(_event, chosen: number | null) => chosen !== null && setCurrent(chosen)}
        aria-label="Samples"
        sx={{ flexWrap: 'wrap', gap: 1, '& .MuiToggleButtonGroup-grouped': { border: 1, borderRadius: 1 } }}
      >
        {samples.map((sample, position) => (
          <ToggleButton
            key={sample.id}
            value={position}
            aria-label={isNoted(sample) ? `${sample.label}, noted` : sample.label}
            sx={{ minWidth: 56, minHeight: 56, fontSize: '1.1rem' }}
          >
            {position + 1}
            {isNoted(sample) && <CheckIcon fontSize="small" color="success" sx={{ ml: 0.5 }} />}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      {samples.map((sample, position) => (
        <Box key={sample.id} hidden={position !== index}>
          {renderSample(sample)}
        </Box>
      ))}
      {samples.length > 1 && (
        <Stack direction="row" justifyContent="space-between">
          <Button
            size="large"
            startIcon={<ChevronLeftIcon />}
            disabled={index === 0}
            onClick={() => setCurrent(index - 1)}
            sx={{ minHeight: 48 }}
          >
            Previous
          </Button>
          <Button
            size="large"
            endIcon={<ChevronRightIcon />}
            disabled={index === samples.length - 1}
            onClick={() => setCurrent(index + 1)}
            sx={{ minHeight: 48 }}
          >
            Next
          </Button>
        </Stack>
      )}
    </Stack>
  );
};

/** Props of {@link SampleStepper}. */
export interface SampleStepperProps<T extends Sample> {
  samples: T[];
  isNoted: (sample: T) => boolean;
  renderSample: (sample: T) => ReactNode;
}
