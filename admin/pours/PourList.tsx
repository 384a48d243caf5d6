import { DateInput, List, ReferenceInput, AutocompleteInput, SearchInput, SelectInput } from 'react-admin';
import { BottleReferenceInput } from '../bottles/BottleReferenceInput';
import { POUR_REASON_CHOICES } from './pourReasons';
import { PourTable } from './PourTable';

/** A YYYY-MM-DD day of the date picker as the instant its local day starts (or ends). */
const dayBoundary =
  (end: boolean) =>
  (day: string): string | null => {
    if (!day) return null;
    const [year, month, date] = day.split('-').map(Number);
    const instant = end
      ? new Date(year, month - 1, date, 23, 59, 59, 999)
      : new Date(year, month - 1, date, 0, 0, 0, 0);
    return instant.toISOString();
  };

/** The instant of a filter back as the local day the date picker shows. */
const localDay = (value: string | null | undefined): string => {
  if (!value) return '';
  const instant = new Date(value);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
};

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search notes" />,
  <SelectInput key="reason" source="reason" choices={POUR_REASON_CHOICES} />,
  <DateInput key="from" source="from" label="From" parse={dayBoundary(false)} format={localDay} />,
  <DateInput key="to" source="to" label="To" parse={dayBoundary(true)} format={localDay} />,
  <BottleReferenceInput key="bottleId" />,
  <ReferenceInput key="tastingSessionId" source="tastingSessionId" reference="sessions">
    <AutocompleteInput label="Tasting session" />
  </ReferenceInput>,
];

/** The pour ledger across bottles, latest first: what was poured, when, and undo. */
export const PourList = () => (
  <List filters={filters} sort={{ field: 'pouredAt', order: 'DESC' }} title="Pours">
    <PourTable withBottle />
  </List>
);
