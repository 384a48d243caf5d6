import type { ReactNode } from 'react';
import { Card, CardContent, CardHeader, Chip } from '@mui/material';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import type { TastingSession } from './sessionFormat';

type FlightItem = TastingSession['items'][number];

/**
 * Whether the taster sees which whisky a sample is: always in an open session, in a blind one once
 * revealed. The host's answer carries the whisky all along, but a phone on the table stays blind.
 */
export const showsIdentity = (item: FlightItem, blind: boolean) =>
  !!item.whisky && (!blind || item.revealedAt !== null);

/** A sample of the flight: its label, its whisky once it may be seen, an action and its note. */
export const SampleCard = ({ item, blind, action, children }: SampleCardProps) => {
  const known = showsIdentity(item, blind);
  return (
    <Card component="section" aria-label={item.label}>
      <CardHeader
        title={item.label}
        slotProps={{ title: { variant: 'h5', component: 'h2' } }}
        subheader={
          known && item.whisky ? (
            `${item.whisky.name} · ${item.whisky.abv}% · ${item.mlPerParticipant} ml`
          ) : (
            <Chip icon={<VisibilityOffIcon />} label="Blind until revealed" size="small" sx={{ mt: 0.5 }} />
          )
        }
        action={action}
        sx={{ flexWrap: 'wrap', '& .MuiCardHeader-action': { alignSelf: 'center', m: 0 } }}
      />
      <CardContent sx={{ pt: 0 }}>{children}</CardContent>
    </Card>
  );
};

/** Props of {@link SampleCard}. */
export interface SampleCardProps {
  item: FlightItem;
  blind: boolean;
  action?: ReactNode;
  children?: ReactNode;
}
