import { useEffect } from 'react';
import { Box, Stack, Typography, useMediaQuery, type Theme } from '@mui/material';
import {
  DataTable,
  DateField,
  List,
  ReferenceInput,
  SelectInput,
  SimpleList,
  useListContext,
  useRecordContext,
} from 'react-admin';
import { formatDuration, formatWhen } from '../format';
import {
  isActive,
  isSettling,
  RunProgress,
  RunSize,
  RunStatusChip,
  TRIGGER_LABELS,
  type BackupRun,
} from './RunStatus';

const Column = DataTable.Col<BackupRun>;

const STATUS_CHOICES = ['queued', 'running', 'succeeded', 'failed', 'verified'].map((id) => ({
  id,
  name: id[0].toUpperCase() + id.slice(1),
}));

const filters = [
  <SelectInput key="status" source="status" label="Status" choices={STATUS_CHOICES} alwaysOn />,
  <ReferenceInput key="policyId" source="policyId" reference="backup-policies" alwaysOn>
    <SelectInput label="Policy" optionText="name" />
  </ReferenceInput>,
];

/** Refetches the page every second while one of its runs is queued or running, so bars move. */
const RefreshWhileActive = () => {
  const { data, refetch } = useListContext<BackupRun>();
  const active = data?.some(isSettling) ?? false;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void refetch(), 1000);
    return () => clearInterval(timer);
  }, [active, refetch]);
  return null;
};

/** Status, with the progress bar under it while the run is going. */
const StatusCell = () => {
  const run = useRecordContext<BackupRun>();
  if (!run) return null;
  return (
    <Stack spacing={0.5} alignItems="flex-start">
      <RunStatusChip status={run.status} />
      {isActive(run) && <RunProgress run={run} />}
    </Stack>
  );
};

const Targets = () => {
  const run = useRecordContext<BackupRun>();
  return <>{run?.targets.map((target) => target.providerName).join(', ') || '—'}</>;
};

const PhoneRow = ({ run }: { run: BackupRun }) => (
  <Box>
    <Stack direction="row" spacing={1} alignItems="center">
      <RunStatusChip status={run.status} />
      <Typography variant="body2">{run.policyName}</Typography>
    </Stack>
    {isActive(run) && <RunProgress run={run} />}
  </Box>
);

/** Every backup run, newest first: status, policy, size, duration, targets and what started it. */
export const RunList = () => {
  const phone = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List
      title="Backups"
      filters={filters}
      sort={{ field: 'createdAt', order: 'DESC' }}
      exporter={false}
      empty={false}
    >
      <RefreshWhileActive />
      {phone ? (
        <SimpleList<BackupRun>
          primaryText={(run) => <PhoneRow run={run} />}
          secondaryText={(run) => `${formatWhen(run.createdAt)} · ${TRIGGER_LABELS[run.trigger]}`}
          tertiaryText={(run) => <RunSize run={run} />}
          linkType="show"
        />
      ) : (
        <DataTable rowClick="show" bulkActionButtons={false}>
          <Column source="createdAt" label="Started">
            <DateField source="createdAt" showTime />
          </Column>
          <Column source="policyName" label="Policy" disableSort />
          <Column source="status" label="Status" disableSort>
            <StatusCell />
          </Column>
          <Column source="sizeBytes" label="Size">
            <RunSizeCell />
          </Column>
          <Column
            source="durationSeconds"
            label="Duration"
            disableSort
            render={(run) => formatDuration(run.durationSeconds)}
          />
          <Column source="targets" label="Targets" disableSort>
            <Targets />
          </Column>
          <Column
            source="trigger"
            label="Trigger"
            disableSort
            render={(run) => TRIGGER_LABELS[run.trigger]}
          />
        </DataTable>
      )}
    </List>
  );
};

const RunSizeCell = () => {
  const run = useRecordContext<BackupRun>();
  return run ? <RunSize run={run} /> : null;
};

export default RunList;
