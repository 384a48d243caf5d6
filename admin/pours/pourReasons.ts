import type { Schemas } from '../dataProvider';

/** Why whisky left a bottle. */
type PourReason = Schemas['PourDto']['reason'];

const LABELS: Record<PourReason, string> = {
  dram: 'Dram',
  tasting: 'Tasting',
  share: 'Shared',
  infinity: 'Into an infinity bottle',
  spill: 'Spilled',
  correction: 'Correction',
};

/** Label of a reason. */
export const pourReasonLabel = (reason: PourReason): string => LABELS[reason];

/** Every reason, for the ledger's filter. */
export const POUR_REASON_CHOICES = (Object.keys(LABELS) as PourReason[]).map((id) => ({
  id,
  name: LABELS[id],
}));

/** The reasons a pour from a bottle may be recorded with (infinity additions are made on the infinity bottle). */
export const POURABLE_REASON_CHOICES = POUR_REASON_CHOICES.filter(
  (choice): choice is { id: Schemas['CreatePourDto']['reason']; name: string } => choice.id !== 'infinity',
);
