import type { Schemas } from '../dataProvider';

/** A household role, as the API names it. */
export type Role = Schemas['UserDto']['role'];

/** The roles as people read them, for selects, chips and filters. */
export const ROLE_CHOICES: { id: Role; name: string; description: string }[] = [
  { id: 'admin', name: 'Admin', description: 'Manages members, invites and settings' },
  { id: 'user', name: 'Member', description: 'Adds to and changes the collection' },
  { id: 'read_only', name: 'Read-only', description: 'Looks, but changes nothing' },
];

/** "Admin", "Member" or "Read-only". */
export function roleLabel(role: Role): string {
  return ROLE_CHOICES.find((choice) => choice.id === role)?.name ?? role;
}
