import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import type { TastingSession } from './sessionFormat';

type FlightItem = TastingSession['items'][number];

/** Changes what each participant gets of a sample (1–100 ml, one decimal). */
export const MeasureDialog = ({ item, pending, onSave, onClose }: MeasureDialogProps) => {
  const [ml, setMl] = useState(String(item.mlPerParticipant));
  const value = Number(ml);
  const valid =
    ml !== '' && value >= 1 && value <= 100 && Math.abs(value * 10 - Math.round(value * 10)) < 1e-9;
  return (
    <Dialog open onClose={onClose} maxWidth="xs" fullWidth>
      <DialogTitle>Measure of {item.label}</DialogTitle>
      <DialogContent>
        <TextField
          label="ml each"
          type="number"
          value={ml}
          onChange={(event) => setMl(event.target.value)}
          error={!valid}
          helperText={valid ? 'Poured for every participant at the start' : 'From 1 to 100 ml, one decimal'}
          slotProps={{ htmlInput: { min: 1, max: 100, step: 0.1, inputMode: 'decimal' } }}
          fullWidth
          autoFocus
          sx={{ mt: 1 }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={!valid || pending} onClick={() => onSave(value)}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/** Props of {@link MeasureDialog}. */
export interface MeasureDialogProps {
  item: FlightItem;
  pending: boolean;
  onSave: (mlPerParticipant: number) => void;
  onClose: () => void;
}
