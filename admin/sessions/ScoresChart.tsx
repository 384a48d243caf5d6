import { useTheme } from '@mui/material';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SCALES, type RatingScale } from '../tasting-notes/scales';
import type { ResultRow } from './resultRows';

/**
 * Every participant's score per sample, as grouped bars on the scale's range. Loaded lazily (see
 * {@link LazyScoresChart}): recharts stays out of the first load.
 */
const ScoresChart = ({ rows, scale }: { rows: ResultRow[]; scale: RatingScale }) => {
  const theme = useTheme();
  const colours = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.info.main,
    theme.palette.success.main,
    theme.palette.warning.main,
    theme.palette.error.main,
  ];
  const people = rows[0]?.scores.map((score) => score.name) ?? [];
  const data = rows.map((row) => ({
    sample: row.whisky ?? row.label,
    ...Object.fromEntries(row.scores.map((score, index) => [`p${index}`, score.score])),
  }));
  return (
    <ResponsiveContainer width="100%" height={320}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="sample" tick={{ fontSize: 12 }} interval={0} />
        <YAxis domain={[0, SCALES[scale].max]} tick={{ fontSize: 12 }} />
        <Tooltip />
        <Legend />
        {people.map((name, index) => (
          <Bar
            key={`p${index}`}
            dataKey={`p${index}`}
            name={name}
            fill={colours[index % colours.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
};

export default ScoresChart;
