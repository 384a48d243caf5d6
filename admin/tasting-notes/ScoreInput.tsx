import { Box, FormControl, FormHelperText, FormLabel, Rating, Slider, Stack, TextField } from '@mui/material';
import { useInput } from 'react-admin';
import { SCALES, scoreError, type RatingScale } from './scales';

/**
 * The score of a note in `scale` (the author's rating scale), big enough to set with a thumb: five
 * stars in halves, or a slider with a number field for points (tenths typed in). Empty means no score.
 */
export const ScoreInput = ({ scale, source = 'score' }: ScoreInputProps) => {
  const { max, step, name } = SCALES[scale];
  const { field, fieldState, id } = useInput<number | null>({
    source,
    defaultValue: null,
    validate: (value: number | null) => scoreError(value, scale),
  });
  const value = typeof field.value === 'number' ? field.value : null;
  const error = fieldState.error?.message;
  const label = `Score (${name})`;

  if (scale === 'stars5') {
    return (
      <FormControl component="fieldset" error={!!error} sx={{ my: 1 }}>
        <FormLabel component="legend">{label}</FormLabel>
        <Rating
          name={id}
          value={value}
          precision={0.5}
          max={max}
          onChange={(_event, stars) => field.onChange(stars)}
          onBlur={field.onBlur}
          sx={{ fontSize: '3rem' }}
        />
        <FormHelperText>{error ?? 'Tap a star again to clear the score.'}</FormHelperText>
      </FormControl>
    );
  }
  return (
    <FormControl fullWidth error={!!error} sx={{ my: 1 }}>
      <Stack direction="row" spacing={3} alignItems="center">
        <TextField
          id={id}
          label={label}
          type="number"
          value={value ?? ''}
          onChange={(event) => field.onChange(event.target.value === '' ? null : Number(event.target.value))}
          onBlur={field.onBlur}
          error={!!error}
          slotProps={{ htmlInput: { min: 0, max, step, inputMode: 'decimal' } }}
          sx={{ width: 150, flexShrink: 0 }}
        />
        <Box sx={{ flexGrow: 1, px: 1 }}>
          <Slider
            value={value ?? 0}
            min={0}
            max={max}
            step={scale === 'points100' ? 1 : 0.5}
            onChange={(_event, points) => field.onChange(points)}
            aria-label={`${label}, slider`}
            valueLabelDisplay="auto"
            sx={{ '& .MuiSlider-thumb': { width: 28, height: 28, opacity: value === null ? 0.4 : 1 } }}
          />
        </Box>
      </Stack>
      {error && <FormHelperText>{error}</FormHelperText>}
    </FormControl>
  );
};

/** Props of {@link ScoreInput}. */
export interface ScoreInputProps {
  scale: RatingScale;
  source?: string;
}
