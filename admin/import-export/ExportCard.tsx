import { Fragment, useState } from 'react';
import { Box, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { useDataProvider, useNotify } from 'react-admin';
import DownloadIcon from '@mui/icons-material/Download';
import type { ConsoleDataProvider, ExportQuery } from '../dataProvider';
import { KINDS } from './kinds';
import { saveFile } from './saveFile';

const FORMATS: { query: ExportQuery; label: string; hint: string }[] = [
  { query: { format: 'json' }, label: 'JSON', hint: 'one file, best to move to another Whiskey Tracker' },
  { query: { format: 'xlsx' }, label: 'Excel (XLSX)', hint: 'one sheet per kind of record' },
  { query: { format: 'csv' }, label: 'CSV (zip)', hint: 'a zip with one CSV per kind of record' },
];

/** Export buttons: the whole collection as JSON, XLSX or a zip of CSVs, or one kind of record as a CSV. */
export const ExportCard = () => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const notify = useNotify();
  const [busy, setBusy] = useState<string | null>(null);

  const download = async (key: string, query: ExportQuery) => {
    setBusy(key);
    try {
      saveFile(await dataProvider.exportCollection(query));
    } catch (error) {
      notify(error instanceof Error ? error.message : 'The export failed', { type: 'error' });
    } finally {
      setBusy(null);
    }
  };

  const button = (key: string, query: ExportQuery, label: string, ariaLabel: string) => (
    <Button
      key={key}
      variant="outlined"
      startIcon={<DownloadIcon />}
      disabled={busy !== null}
      aria-label={ariaLabel}
      onClick={() => void download(key, query)}
      sx={{ minHeight: 44 }}
    >
      {busy === key ? 'Preparing…' : label}
    </Button>
  );

  return (
    <Card component="section" aria-label="Export">
      <CardContent>
        <Typography variant="h6" component="h2">
          Export
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          Your locations, whiskies, bottles and pours. The file can be imported here again, into this
          household or another one.
        </Typography>
        <Box
          sx={{
            display: 'grid',
            gridTemplateColumns: 'max-content minmax(0, 1fr)',
            columnGap: 1.5,
            rowGap: 1,
            alignItems: 'center',
            mb: 3,
          }}
        >
          {FORMATS.map(({ query, label, hint }) => (
            <Fragment key={query.format}>
              {button(query.format, query, label, `Download ${label}`)}
              <Typography variant="body2" color="text.secondary">
                {hint}
              </Typography>
            </Fragment>
          ))}
        </Box>
        <Typography variant="subtitle2" component="h3" sx={{ mb: 1 }}>
          One kind of record as a CSV
        </Typography>
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }}>
          {KINDS.map(({ kind, label }) =>
            button(kind, { format: 'csv', kind }, label, `Download ${label.toLowerCase()} as CSV`),
          )}
        </Stack>
      </CardContent>
    </Card>
  );
};
