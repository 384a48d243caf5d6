import { Box, Typography } from '@mui/material';
import type { Schemas } from '../dataProvider';
import { DashboardCard } from './DashboardCard';
import { useUserLocale } from './format';

/** The collection's headline numbers: bottles on hand by status and the whisky left in them. */
export const CollectionSummary = ({ stats }: { stats: Schemas['CollectionStatsDto'] }) => {
  const locale = useUserLocale();
  const { sealed, open, finished } = stats.bottlesByStatus;
  const figures = [
    { label: 'Bottles on hand', value: sealed + open },
    { label: 'Sealed', value: sealed },
    { label: 'Open', value: open },
    { label: 'Finished', value: finished },
    {
      label: 'Litres left',
      value: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(stats.litresOnHand),
    },
  ];
  return (
    <DashboardCard title="Collection" wide>
      <Box
        component="dl"
        sx={{
          display: 'grid',
          gridTemplateColumns: { xs: 'repeat(2, 1fr)', sm: 'repeat(5, 1fr)' },
          gap: 2,
          m: 0,
        }}
      >
        {figures.map((figure) => (
          <Box key={figure.label} sx={{ display: 'flex', flexDirection: 'column-reverse' }}>
            <Typography component="dt" variant="body2" color="text.secondary">
              {figure.label}
            </Typography>
            <Typography component="dd" variant="h4" sx={{ m: 0 }}>
              {figure.value}
            </Typography>
          </Box>
        ))}
      </Box>
    </DashboardCard>
  );
};
