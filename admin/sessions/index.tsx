import EventNoteIcon from '@mui/icons-material/EventNote';
import { SessionCreate } from './SessionCreate';
import { SessionEdit } from './SessionEdit';
import { SessionList } from './SessionList';
import { SessionShow } from './SessionShow';

/** Tasting sessions: list, plan (show), create and edit; live mode and results are child routes. */
export default {
  list: SessionList,
  show: SessionShow,
  create: SessionCreate,
  edit: SessionEdit,
  icon: EventNoteIcon,
  recordRepresentation: 'title',
};
