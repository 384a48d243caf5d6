import { GROUP_ROLE_MAP_PATTERN, parseGroupRoleMap } from '../../config/environment.schema.js';
import { roleFromGroups } from './sso-provider-settings.js';

describe('roleFromGroups', () => {
  const provider = {
    groupsClaim: 'groups',
    groupRoleMap: { 'whisky-admins': 'admin', 'whisky-friends': 'read_only', staff: 'user' } as const,
    defaultRole: 'read_only' as const,
  };

  it('gives the highest role among the mapped groups', () => {
    expect(roleFromGroups({ groups: ['whisky-friends', 'whisky-admins', 'staff'] }, provider)).toBe('admin');
    expect(roleFromGroups({ groups: ['whisky-friends', 'staff'] }, provider)).toBe('user');
    expect(roleFromGroups({ groups: 'whisky-friends' }, provider)).toBe('read_only');
  });

  it('gives the default role when the claim is there but maps to nothing', () => {
    expect(roleFromGroups({ groups: ['strangers', 42, { name: 'whisky-admins' }] }, provider)).toBe(
      'read_only',
    );
    expect(roleFromGroups({ groups: [] }, { ...provider, defaultRole: 'user' })).toBe('user');
  });

  it('leaves the role alone without a mapping or without the claim', () => {
    expect(roleFromGroups({ groups: ['whisky-admins'] }, { ...provider, groupRoleMap: {} })).toBeUndefined();
    expect(roleFromGroups({ email: 'ada@example.org' }, provider)).toBeUndefined();
    expect(roleFromGroups({ roles: ['whisky-admins'] }, provider)).toBeUndefined();
    expect(roleFromGroups({ roles: ['whisky-admins'] }, { ...provider, groupsClaim: 'roles' })).toBe('admin');
  });

  it('does not take inherited object keys for group names', () => {
    expect(roleFromGroups({ groups: ['constructor', '__proto__', 'toString'] }, provider)).toBe('read_only');
  });
});

describe('OIDC_GROUP_ROLE_MAP', () => {
  it('accepts group=role pairs separated by commas and parses them', () => {
    const text = ' whisky-admins=admin, Whisky Friends = read_only ,staff=user';
    expect(GROUP_ROLE_MAP_PATTERN.test(text)).toBe(true);
    expect(parseGroupRoleMap(text)).toEqual({
      'whisky-admins': 'admin',
      'Whisky Friends': 'read_only',
      staff: 'user',
    });
    expect(parseGroupRoleMap(undefined)).toEqual({});
  });

  it('refuses unknown roles, missing roles and empty groups', () => {
    for (const text of [
      'admins=owner',
      'admins',
      'admins=',
      '=admin',
      'a=admin,,b=user',
      'cn=staff,ou=x=user',
    ]) {
      expect({ text, valid: GROUP_ROLE_MAP_PATTERN.test(text) }).toEqual({ text, valid: false });
    }
  });
});
