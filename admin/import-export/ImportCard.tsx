import { useRef, useState, type ChangeEvent } from 'react';
import { Alert, Button, Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { HttpError, useDataProvider, useNotify, useRefresh } from 'react-admin';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import type { ApiErrorBody } from '../authProvider';
import type { CollectionKind, ConsoleDataProvider, Schemas } from '../dataProvider';
import { ImportReport } from './ImportReport';
import { KINDS } from './kinds';

type Report = Schemas['ImportReportDto'];

const isCsv = (file: File) => file.name.toLowerCase().endsWith('.csv') || file.type === 'text/csv';

/** The kind an exported CSV's name tells (`whiskey-tracker-bottles-2026-11-26.csv`), if any. */
const kindFromName = (name: string): CollectionKind | '' =>
  KINDS.find(({ kind }) => name.toLowerCase().includes(kind))?.kind ?? '';

/** The report a refused import (422) carries in its problem document, if the error is one. */
function refusedReport(error: unknown): Report | null {
  if (!(error instanceof HttpError) || error.status !== 422) return null;
  const body = (error.body as Partial<ApiErrorBody> | undefined)?.problem as
    Partial<Schemas['ImportRejectedDto']> | undefined;
  if (!body?.counts || !body.format) return null;
  return {
    format: body.format,
    dryRun: false,
    valid: false,
    counts: body.counts,
    errorCount: body.errorCount ?? 0,
    errors: Array.isArray(body.errors) ? body.errors : [],
  };
}

/**
 * Import of a collection file (JSON, XLSX, a zip of CSVs, or one CSV and the kind it holds): a dry run
 * first, whose report shows row by row what would happen, then "Confirm import" once the file is fine.
 */
export const ImportCard = () => {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<CollectionKind | ''>('');
  const [report, setReport] = useState<Report | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState<'check' | 'import' | null>(null);
  const csv = file !== null && isCsv(file);

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0] ?? null;
    setFile(chosen);
    setKind(chosen ? kindFromName(chosen.name) : '');
    setReport(null);
    setFailure(null);
  };

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setPending(dryRun ? 'check' : 'import');
    setFailure(null);
    try {
      const answer = await dataProvider.importCollection(file, {
        dryRun,
        kind: csv && kind ? kind : undefined,
      });
      setReport(answer);
      if (!dryRun) {
        notify('The collection file was imported', { type: 'success' });
        refresh();
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : 'The import failed';
      setReport(refusedReport(error));
      setFailure(message);
      notify(message, { type: 'error' });
    } finally {
      setPending(null);
    }
  };

  return (
    <Card component="section" aria-label="Import">
      <CardContent>
        <Typography variant="h6" component="h2">
          Import
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          A file exported by Whiskey Tracker, or one made in its shape: JSON, XLSX, a zip of CSVs, or one CSV.
          Rows that match a record (by id, barcode or name) update it; importing the same file twice changes
          nothing. The file is checked first and nothing is written until you confirm.
        </Typography>
        <input
          ref={input}
          type="file"
          hidden
          aria-label="Collection file"
          accept=".json,.xlsx,.zip,.csv,application/json,text/csv,application/zip"
          onChange={choose}
        />
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} sx={{ alignItems: { sm: 'center' } }}>
          <Button
            variant="outlined"
            startIcon={<UploadFileIcon />}
            onClick={() => input.current?.click()}
            sx={{ minHeight: 44, flexShrink: 0 }}
          >
            Choose file
          </Button>
          <Typography variant="body2" sx={{ wordBreak: 'break-all' }}>
            {file ? file.name : 'No file chosen'}
          </Typography>
        </Stack>
        {csv && (
          <TextField
            select
            label="Records in this CSV"
            value={kind}
            onChange={(event) => {
              setKind(event.target.value as CollectionKind);
              setReport(null);
            }}
            helperText="A single CSV holds one kind of record"
            sx={{ mt: 2, minWidth: 240 }}
          >
            {KINDS.map(({ kind: value, label }) => (
              <MenuItem key={value} value={value}>
                {label}
              </MenuItem>
            ))}
          </TextField>
        )}
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} sx={{ mt: 2 }}>
          <Button
            variant={report?.dryRun && report.valid ? 'outlined' : 'contained'}
            startIcon={<FactCheckIcon />}
            disabled={!file || (csv && !kind) || pending !== null}
            onClick={() => void run(true)}
            sx={{ minHeight: 44 }}
          >
            {pending === 'check' ? 'Checking…' : 'Check file'}
          </Button>
          {report?.dryRun && report.valid && (
            <Button
              variant="contained"
              startIcon={<DoneAllIcon />}
              disabled={pending !== null}
              onClick={() => void run(false)}
              sx={{ minHeight: 44 }}
            >
              {pending === 'import' ? 'Importing…' : 'Confirm import'}
            </Button>
          )}
        </Stack>
        {failure && !report && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {failure}
          </Alert>
        )}
        {report && <ImportReport report={report} />}
      </CardContent>
    </Card>
  );
};
