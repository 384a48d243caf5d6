import AllInclusiveIcon from '@mui/icons-material/AllInclusive';
import { InfinityBottleCreate } from './InfinityBottleCreate';
import { InfinityBottleEdit } from './InfinityBottleEdit';
import { InfinityBottleList } from './InfinityBottleList';
import { InfinityBottleShow } from './InfinityBottleShow';

/** Infinity bottles: vessels topped up from the collection, with their blend and history. */
export default {
  list: InfinityBottleList,
  show: InfinityBottleShow,
  edit: InfinityBottleEdit,
  create: InfinityBottleCreate,
  icon: AllInclusiveIcon,
  recordRepresentation: 'name',
};
