import UndoIcon from '@mui/icons-material/Undo';
import { DeleteButton, useRecordContext, useRefresh } from 'react-admin';
import type { Schemas } from '../dataProvider';
import { formatMl } from '../common/format';

/**
 * Undoes the pour in the record context: its ml go back into the bottle. Pours of an infinity
 * addition or a tasting session are undone where they were made, so they get no button.
 */
export const UndoPourButton = () => {
  const pour = useRecordContext<Schemas['PourDto']>();
  const refresh = useRefresh();
  if (!pour || pour.reason === 'infinity' || pour.tastingSessionId) return null;
  return (
    <DeleteButton
      label="Undo"
      icon={<UndoIcon />}
      mutationMode="pessimistic"
      redirect={false}
      confirmTitle="Undo this pour?"
      confirmContent={`Its ${formatMl(pour.ml)} go back into the bottle.`}
      successMessage="Pour undone"
      // The bottle's level changed too: reload whatever shows it.
      mutationOptions={{ onSuccess: () => refresh() }}
    />
  );
};
