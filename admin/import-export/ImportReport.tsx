import {
  Alert,
  Box,
  List,
  ListItem,
  ListItemText,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import type { Schemas } from '../dataProvider';
import { KINDS, kindLabel } from './kinds';

type Report = Schemas['ImportReportDto'];
type RowError = Schemas['ImportRowErrorDto'];

/** Where a problem is: the header (row 0) or a data row. */
const rowLabel = (error: RowError) => (error.row === 0 ? 'header' : `row ${error.row}`);

/** The problems as a table; on a phone as a list, which needs no sideways scrolling. */
const Problems = ({ errors }: { errors: RowError[] }) => {
  const small = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  if (small) {
    return (
      <List dense disablePadding aria-label="Problems">
        {errors.map((error, index) => (
          <ListItem key={index} divider disableGutters>
            <ListItemText
              primary={error.message}
              secondary={`${kindLabel(error.kind)} · ${rowLabel(error)} · ${error.field}`}
            />
          </ListItem>
        ))}
      </List>
    );
  }
  return (
    <TableContainer>
      <Table size="small" aria-label="Problems">
        <TableHead>
          <TableRow>
            <TableCell>Kind</TableCell>
            <TableCell align="right">Row</TableCell>
            <TableCell>Column</TableCell>
            <TableCell>Problem</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {errors.map((error, index) => (
            <TableRow key={index}>
              <TableCell>{kindLabel(error.kind)}</TableCell>
              <TableCell align="right">{error.row === 0 ? 'header' : error.row}</TableCell>
              <TableCell sx={{ wordBreak: 'break-word' }}>{error.field}</TableCell>
              <TableCell>{error.message}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};

function summary(report: Report): { severity: 'success' | 'info' | 'error'; text: string } {
  if (!report.valid) {
    const problems = report.errorCount === 1 ? '1 problem' : `${report.errorCount} problems`;
    const next =
      report.errors.length > 0
        ? 'Fix the rows below and check it again.'
        : 'Check it again to see the problems row by row.';
    return {
      severity: 'error',
      text: `The file has ${problems}: nothing ${report.dryRun ? 'can be' : 'was'} imported. ${next}`,
    };
  }
  return report.dryRun
    ? { severity: 'info', text: 'The file is fine. Nothing has been imported yet: confirm to import it.' }
    : { severity: 'success', text: 'Imported.' };
}

/**
 * An import's report: per kind of record, how many rows create, change or match a record, then each
 * problem with its row (the header is row 0).
 */
export const ImportReport = ({ report }: { report: Report }) => {
  const { severity, text } = summary(report);
  return (
    <Box component="section" aria-label="Import report" sx={{ mt: 2 }}>
      <Alert severity={severity} sx={{ mb: 2 }}>
        {text}
      </Alert>
      <TableContainer sx={{ mb: 2 }}>
        <Table size="small" aria-label="Rows by kind" sx={{ '& th, & td': { px: 1 } }}>
          <TableHead>
            <TableRow>
              <TableCell>{report.format.toUpperCase()} file</TableCell>
              <TableCell align="right">New</TableCell>
              <TableCell align="right">Changed</TableCell>
              <TableCell align="right">Unchanged</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {KINDS.map(({ kind, label }) => (
              <TableRow key={kind}>
                <TableCell component="th" scope="row">
                  {label}
                </TableCell>
                <TableCell align="right">{report.counts[kind].create}</TableCell>
                <TableCell align="right">{report.counts[kind].update}</TableCell>
                <TableCell align="right">{report.counts[kind].unchanged}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {report.errors.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h3">
            Problems
            {report.errorCount > report.errors.length &&
              ` (the first ${report.errors.length} of ${report.errorCount})`}
          </Typography>
          <Problems errors={report.errors} />
        </>
      )}
    </Box>
  );
};
