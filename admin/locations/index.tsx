import PlaceIcon from '@mui/icons-material/Place';
import { LocationCreate } from './LocationCreate';
import { LocationEdit } from './LocationEdit';
import { LocationList } from './LocationList';
import { LocationShow } from './LocationShow';

/** Locations: where the bottles are kept. */
export default {
  list: LocationList,
  show: LocationShow,
  edit: LocationEdit,
  create: LocationCreate,
  icon: PlaceIcon,
  recordRepresentation: 'name',
};
