import { Chip, useMediaQuery, type Theme } from '@mui/material';
import {
  CreateButton,
  DataTable,
  List,
  ReferenceArrayField,
  SimpleList,
  SingleFieldList,
  ChipField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import type { Schemas } from '../../dataProvider';
import { formatInZone } from '../format';
import { RunNowButton } from './RunNowButton';
import { describeCron } from './ScheduleHelp';

type Policy = Schemas['BackupPolicyDto'];
const Column = DataTable.Col<Policy>;

const nextRun = (policy: Policy) =>
  policy.enabled && policy.nextRuns[0] ? formatInZone(policy.nextRuns[0], policy.timeZone) : '—';

const EnabledChip = () => {
  const policy = useRecordContext<Policy>();
  if (!policy) return null;
  return policy.enabled ? (
    <Chip size="small" color="success" variant="outlined" label="Enabled" />
  ) : (
    <Chip size="small" variant="outlined" label="Disabled" />
  );
};

const Actions = () => (
  <TopToolbar>
    <CreateButton />
  </TopToolbar>
);

/** The backup policies: what runs when, to which targets, and the next run. */
export const PolicyList = () => {
  const phone = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List
      title="Backup policies"
      actions={<Actions />}
      exporter={false}
      sort={{ field: 'name', order: 'ASC' }}
    >
      {phone ? (
        <SimpleList<Policy>
          primaryText={(policy) => policy.name}
          secondaryText={(policy) => describeCron(policy.schedule) ?? policy.schedule}
          tertiaryText={(policy) => (policy.enabled ? 'Enabled' : 'Disabled')}
          linkType="edit"
        />
      ) : (
        <DataTable rowClick="edit" bulkActionButtons={false}>
          <Column source="name" />
          <Column
            source="schedule"
            disableSort
            render={(policy) => `${describeCron(policy.schedule) ?? policy.schedule} (${policy.timeZone})`}
          />
          <Column source="targetIds" label="Targets" disableSort>
            <ReferenceArrayField source="targetIds" reference="storage-providers">
              <SingleFieldList linkType={false}>
                <ChipField source="name" size="small" />
              </SingleFieldList>
            </ReferenceArrayField>
          </Column>
          <Column source="enabled" disableSort>
            <EnabledChip />
          </Column>
          <Column source="nextRuns" label="Next run" disableSort render={nextRun} />
          <Column label="" disableSort>
            <RunNowButton />
          </Column>
        </DataTable>
      )}
    </List>
  );
};

export default PolicyList;
