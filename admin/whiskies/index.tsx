import LiquorIcon from '@mui/icons-material/Liquor';
import { WhiskyCreate } from './WhiskyCreate';
import { WhiskyEdit } from './WhiskyEdit';
import { WhiskyList } from './WhiskyList';
import { WhiskyShow } from './WhiskyShow';

/** Whiskies: the expressions of the collection, with their barcodes, bottles and notes. */
export default {
  list: WhiskyList,
  show: WhiskyShow,
  edit: WhiskyEdit,
  create: WhiskyCreate,
  icon: LiquorIcon,
  recordRepresentation: 'name',
};
