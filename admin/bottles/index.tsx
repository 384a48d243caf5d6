import WineBarIcon from '@mui/icons-material/WineBar';
import type { Schemas } from '../dataProvider';
import { BottleCreate } from './BottleCreate';
import { BottleEdit } from './BottleEdit';
import { BottleList } from './BottleList';
import { BottleShow } from './BottleShow';
import { bottleLabel } from './bottleLabels';

/** Bottles: the physical bottles of the collection, with their pour ledger. */
export default {
  list: BottleList,
  show: BottleShow,
  edit: BottleEdit,
  create: BottleCreate,
  icon: WineBarIcon,
  recordRepresentation: (bottle: Schemas['BottleDto']) => bottleLabel(bottle),
};
