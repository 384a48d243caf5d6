import HistoryIcon from '@mui/icons-material/History';
import { lazyScreen } from '../common/lazyScreen';

/** The household's audit trail (admins), read-only. */
export default {
  list: lazyScreen(() => import('./AuditEventList'), 'AuditEventList'),
  icon: HistoryIcon,
};
