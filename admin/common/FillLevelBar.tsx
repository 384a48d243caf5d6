import { Box, LinearProgress, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { Schemas } from '../dataProvider';
import { formatPercent } from './format';

/** Below this share a bottle is running low, and the bar says so in the warning colour. */
const LOW_PERCENT = 15;

/**
 * How full a vessel is: a bar with the percentage beside it. The bar is a labelled progressbar, so
 * screen readers (and tests) read the level too.
 */
export const FillLevelBar = ({
  percent,
  label = 'Fill level',
  large = false,
}: {
  percent: number;
  /** Accessible name of the bar. */
  label?: string;
  /** Taller bar and bigger text, for a show page. */
  large?: boolean;
}) => {
  const value = Math.min(100, Math.max(0, percent));
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, minWidth: 120 }}>
      <LinearProgress
        variant="determinate"
        value={value}
        aria-label={label}
        aria-valuetext={formatPercent(percent)}
        color={value < LOW_PERCENT ? 'warning' : 'primary'}
        sx={{ flexGrow: 1, height: large ? 14 : 8, borderRadius: 1 }}
      />
      <Typography
        variant={large ? 'h6' : 'body2'}
        component="span"
        sx={{ minWidth: large ? 72 : 52, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}
      >
        {formatPercent(percent)}
      </Typography>
    </Box>
  );
};

/** {@link FillLevelBar} of the bottle in the record context. */
export const BottleFillField = () => {
  const bottle = useRecordContext<Schemas['BottleDto']>();
  return bottle ? <FillLevelBar percent={bottle.fillPercent} /> : null;
};
