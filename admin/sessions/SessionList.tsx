import type { Theme } from '@mui/material';
import { useMediaQuery } from '@mui/material';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import {
  DataTable,
  DateField,
  List,
  NullableBooleanInput,
  SearchInput,
  SelectInput,
  SimpleList,
} from 'react-admin';
import { SessionStatusChip } from './SessionStatusChip';
import { STATUS_CHOICES, formatDateTime, type TastingSession } from './sessionFormat';

const Column = DataTable.Col<TastingSession>;

/** Filter names equal the API's query parameters of `GET /sessions`. */
const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" label="Status" choices={STATUS_CHOICES} />,
  <NullableBooleanInput key="blind" source="blind" label="Blind" trueLabel="Blind" falseLabel="Open" />,
];

const secondLine = (session: TastingSession) =>
  [formatDateTime(session.startsAt), session.place, session.blind ? 'blind' : null]
    .filter(Boolean)
    .join(' · ');

/** Tasting sessions, latest first; a row opens the session's plan. */
export const SessionList = () => {
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List filters={filters} sort={{ field: 'startsAt', order: 'DESC' }} title="Tasting sessions">
      {isSmall ? (
        <SimpleList<TastingSession>
          primaryText={(session) => session.title}
          secondaryText={secondLine}
          tertiaryText={(session) => <SessionStatusChip status={session.status} />}
          linkType="show"
        />
      ) : (
        <DataTable rowClick="show" bulkActionButtons={false}>
          <Column source="title" label="Title" />
          <Column source="startsAt" label="Date">
            <DateField source="startsAt" showTime options={{ dateStyle: 'medium', timeStyle: 'short' }} />
          </Column>
          <Column source="place" label="Place" disableSort />
          <Column
            source="status"
            label="Status"
            render={(session) => <SessionStatusChip status={session.status} />}
          />
          <Column
            label="Blind"
            disableSort
            render={(session) =>
              session.blind ? <VisibilityOffIcon fontSize="small" aria-label="Blind" /> : null
            }
          />
          <Column source="host.displayName" label="Host" disableSort />
          <Column label="People" disableSort render={(session) => session.participants.length} />
          <Column label="Samples" disableSort render={(session) => session.items.length} />
        </DataTable>
      )}
    </List>
  );
};
