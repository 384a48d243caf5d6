import { Card, CardContent, CardHeader, List, ListItem, ListItemText, Typography } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import type { RatingScale } from '../tasting-notes/scales';
import { LazyScoresChart } from './LazyScoresChart';
import { RankingTable } from './RankingTable';
import { sampleName, type ResultRow } from './resultRows';

/** The blind guesses of the revealed samples, right ones ticked. */
const Guesses = ({ rows }: { rows: ResultRow[] }) => {
  const guessed = rows.filter((row) => row.guesses?.some((guess) => guess.guess));
  if (guessed.length === 0) return null;
  return (
    <Card>
      <CardHeader title="Guesses" />
      <CardContent sx={{ pt: 0 }}>
        {guessed.map((row) => (
          <List
            key={row.key}
            dense
            subheader={<Typography variant="subtitle2">{sampleName(row)}</Typography>}
          >
            {row.guesses
              ?.filter((guess) => guess.guess)
              .map((guess) => (
                <ListItem key={guess.name} disableGutters>
                  <ListItemText primary={`${guess.name}: ${guess.guess}`} />
                  {guess.correct && <CheckCircleIcon color="success" aria-label="Right" />}
                </ListItem>
              ))}
          </List>
        ))}
      </CardContent>
    </Card>
  );
};

/** A session's results: the ranking, every score per sample as a chart, and the blind guesses. */
export const ResultsView = ({ rows, scale }: { rows: ResultRow[]; scale: RatingScale }) => (
  <>
    <Card>
      <CardHeader title="Ranking" />
      <CardContent sx={{ pt: 0, overflowX: 'auto' }}>
        <RankingTable rows={rows} scale={scale} />
      </CardContent>
    </Card>
    <Card>
      <CardHeader title="Scores per sample" />
      <CardContent sx={{ pt: 0 }}>
        {rows.some((row) => row.scoreCount > 0) ? (
          <LazyScoresChart rows={rows} scale={scale} />
        ) : (
          <Typography color="text.secondary">No scores yet.</Typography>
        )}
      </CardContent>
    </Card>
    <Guesses rows={rows} />
  </>
);
