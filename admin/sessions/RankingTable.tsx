import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { formatScore, type RatingScale } from '../tasting-notes/scales';
import { byRank, sampleName, type ResultRow } from './resultRows';

/** Hidden on phones: the columns that matter less. */
const WIDE = { display: { xs: 'none', sm: 'table-cell' } };

/** The samples by average score, best first: rank, sample, average, range, how many scored it, top flavours. */
export const RankingTable = ({ rows, scale }: { rows: ResultRow[]; scale: RatingScale }) => (
  <Table aria-label="Ranking" size="small">
    <TableHead>
      <TableRow>
        <TableCell>Rank</TableCell>
        <TableCell>Sample</TableCell>
        <TableCell align="right">Average</TableCell>
        <TableCell align="right" sx={WIDE}>
          Range
        </TableCell>
        <TableCell align="right" sx={WIDE}>
          Scores
        </TableCell>
        <TableCell sx={WIDE}>Top flavours</TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      {[...rows].sort(byRank).map((row) => (
        <TableRow key={row.key}>
          <TableCell>
            <Typography variant="h6" component="span">
              {row.rank ?? '–'}
            </Typography>
          </TableCell>
          <TableCell>{sampleName(row)}</TableCell>
          <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
            {formatScore(row.average, scale)}
          </TableCell>
          <TableCell align="right" sx={WIDE}>
            {row.min === null ? '–' : `${row.min}–${row.max}`}
          </TableCell>
          <TableCell align="right" sx={WIDE}>
            {row.scoreCount}
          </TableCell>
          <TableCell sx={WIDE}>{row.topFlavours.join(', ')}</TableCell>
        </TableRow>
      ))}
    </TableBody>
  </Table>
);
