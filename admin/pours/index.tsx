import OpacityIcon from '@mui/icons-material/Opacity';
import { PourList } from './PourList';

/** The pour ledger: read and undo (pours are made on a bottle or an infinity bottle). */
export default { list: PourList, icon: OpacityIcon };
