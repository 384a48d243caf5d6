import { Chip } from '@mui/material';
import type { Schemas } from '../dataProvider';

type Factor = Schemas['HouseholdUserDto']['twoFactor'][number];

const NAMES: Record<Factor, string> = { passkey: 'Passkey', totp: 'Authenticator app' };

/** A member's second factors in words: "Off", "Passkey", "Authenticator app", or both. */
export const twoFactorLabel = (factors: readonly Factor[]): string =>
  factors.length === 0 ? 'Off' : factors.map((factor) => NAMES[factor]).join(' + ');

/** A member's two-factor sign-in as a small chip, green when on. */
export const TwoFactorChip = ({ factors }: { factors: readonly Factor[] }) => (
  <Chip
    size="small"
    variant="outlined"
    color={factors.length > 0 ? 'success' : 'default'}
    label={twoFactorLabel(factors)}
  />
);
