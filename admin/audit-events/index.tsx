import HistoryIcon from '@mui/icons-material/History';
import { AuditEventList } from './AuditEventList';

/** The household's audit trail (admins), read-only. */
export default {
  list: AuditEventList,
  icon: HistoryIcon,
};
