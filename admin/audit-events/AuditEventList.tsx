import { Box, Typography, useMediaQuery, type Theme } from '@mui/material';
import {
  AutocompleteInput,
  DataTable,
  DateField,
  List,
  ReferenceField,
  ReferenceInput,
  SimpleList,
  useRecordContext,
} from 'react-admin';
import type { Schemas } from '../dataProvider';
import { ACTION_CHOICES, actionLabel, detailsSummary } from './auditActions';

type AuditEvent = Schemas['AuditEventDto'];
const Column = DataTable.Col<AuditEvent>;

const filters = [
  <AutocompleteInput key="action" source="action" label="Action" choices={ACTION_CHOICES} alwaysOn />,
  <ReferenceInput key="actorId" source="actorId" reference="users" alwaysOn>
    <AutocompleteInput label="Who" optionText="displayName" />
  </ReferenceInput>,
];

/** Who did it: a household member, or nobody known (a failed sign-in for an unknown address). */
const ActorField = () => (
  <ReferenceField<AuditEvent> source="actorId" reference="users" emptyText="Anonymous" link="edit" />
);

/** The whole record of an event, for the expanded row: ids, request and all details. */
const AuditEventExpand = () => {
  const event = useRecordContext<AuditEvent>();
  if (!event) return null;
  const facts = {
    target: event.targetType ? `${event.targetType} ${event.targetId ?? ''}`.trim() : null,
    ip: event.ip,
    requestId: event.requestId,
    details: event.details,
  };
  return (
    <Box component="pre" sx={{ m: 0, fontSize: 13, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {JSON.stringify(facts, null, 2)}
    </Box>
  );
};

/**
 * The household's audit trail (admins), newest first: who did what, when and from where; filter by
 * action or person, expand a row for its full record.
 */
export const AuditEventList = () => {
  const phone = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List
      title="Audit log"
      filters={filters}
      sort={{ field: 'at', order: 'DESC' }}
      perPage={50}
      // The API serves at most 100 per page: react-admin's export would ask for more.
      exporter={false}
    >
      {phone ? (
        <SimpleList<AuditEvent>
          primaryText={(event) => actionLabel(event.action)}
          secondaryText={(event) => (
            <>
              <ActorField /> {detailsSummary(event.details)}
            </>
          )}
          tertiaryText={() => <DateField source="at" showTime />}
          rowClick={false}
        />
      ) : (
        <DataTable<AuditEvent> bulkActionButtons={false} rowClick="expand" expand={<AuditEventExpand />}>
          <Column source="at" label="When" render={() => <DateField source="at" showTime />} />
          <Column source="action" label="Action" render={(event) => actionLabel(event.action)} />
          <Column source="actorId" label="Who" disableSort field={ActorField} />
          <Column
            source="details"
            label="Details"
            disableSort
            render={(event) => (
              <Typography variant="body2" component="span">
                {detailsSummary(event.details)}
              </Typography>
            )}
          />
          <Column source="ip" label="IP address" disableSort />
        </DataTable>
      )}
    </List>
  );
};
