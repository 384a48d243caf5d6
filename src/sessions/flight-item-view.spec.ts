import type { FlightItem } from './flight-item.entity.js';
import { flightItemView } from './dto/flight-item.dto.js';
import type { SessionViewer } from './session-viewer.js';
import type { TastingSession } from './tasting-session.entity.js';
import type { Principal } from '../users/auth/principal.js';

const principal = (userId: string): Principal => ({
  userId,
  householdId: 'household',
  role: 'user',
  instanceAdmin: false,
  emailVerified: true,
  scope: 'write',
});
const host: SessionViewer = { kind: 'member', principal: principal('host') };
const member: SessionViewer = { kind: 'member', principal: principal('member') };
const guest: SessionViewer = { kind: 'guest', participantId: 'p1', sessionId: 's1' };

const session = (fields: Partial<TastingSession>) =>
  ({ id: 's1', host: { id: 'host' }, blind: true, status: 'live', ...fields }) as TastingSession;
const item = (fields: Partial<FlightItem> = {}) =>
  ({
    id: 'i1',
    position: 2,
    mlPerParticipant: 20,
    servedAt: null,
    revealedAt: null,
    bottle: {
      id: 'b1',
      purchasePrice: 89.9,
      currency: 'GBP',
      whisky: { id: 'w1', name: 'Lagavulin 16', distillery: 'Lagavulin', abv: 43 },
    },
    ...fields,
  }) as unknown as FlightItem;

const IDENTITY = ['whisky', 'bottleId', 'price', 'currency'];

describe('flightItemView', () => {
  it.each([
    ['a member', member],
    ['a guest', guest],
  ])('leaves the identity out altogether for %s while a blind sample is hidden', (_, viewer) => {
    const view = flightItemView(session({}), item(), viewer);
    expect(view).toMatchObject({ label: 'Sample 2', identityHidden: true });
    for (const key of IDENTITY) expect(Object.keys(view)).not.toContain(key);
    expect(JSON.stringify(view)).not.toMatch(/Lagavulin|b1|w1|89\.9|43/);
  });

  it.each([
    ['the host', session({}), item(), host],
    ['a revealed sample', session({}), item({ revealedAt: new Date() }), member],
    ['a finished session', session({ status: 'finished' }), item(), guest],
    ['an open session', session({ blind: false }), item(), member],
  ])('shows whisky, bottle and price for %s', (_, tasting, sample, viewer) => {
    expect(flightItemView(tasting, sample, viewer)).toMatchObject({
      label: 'Sample 2',
      identityHidden: false,
      whisky: { id: 'w1', name: 'Lagavulin 16', distillery: 'Lagavulin', abv: 43 },
      bottleId: 'b1',
      price: 89.9,
      currency: 'GBP',
    });
  });
});
