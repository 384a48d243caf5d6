import { StorageConfigError } from '../storage.errors.js';
import {
  assertRcloneConfigAllowed,
  parseRcloneConfig,
  parseRemote,
  rcloneSecrets,
  rcloneTargetHosts,
} from './rclone-config.js';

const DRIVE = `
# pasted from rclone config
[gdrive]
type = drive
scope = drive.file
token = {"access_token":"ya29.access-token-value","token_type":"Bearer","refresh_token":"1//refresh-token-value","expiry":"2026-11-27T03:00:00Z"}

[nas]
type = webdav
url = https://nas.example.org:5006/backups
user = ada
pass = obscured-password-value

[minio]
type = s3
provider = Minio
endpoint = minio.lan:9000
access_key_id = whiskey
secret_access_key = minio-secret-value

[encrypted]
type = crypt
remote = nas:whiskey
password = crypt-password-value
`;

describe('rclone config', () => {
  const config = parseRcloneConfig(DRIVE);

  it('parses sections and key = value pairs, skipping comments', () => {
    expect([...config.keys()]).toEqual(['gdrive', 'nas', 'minio', 'encrypted']);
    expect(config.get('nas')?.get('url')).toBe('https://nas.example.org:5006/backups');
  });

  it('refuses text that is not an rclone config', () => {
    expect(() => parseRcloneConfig('type = drive')).toThrow(StorageConfigError);
    expect(() => parseRcloneConfig('[a]\nnot a pair')).toThrow(/line 2/);
  });

  it('splits name:path and requires the remote to exist', () => {
    expect(parseRemote('gdrive:Backups/whiskey', config)).toEqual({
      name: 'gdrive',
      path: 'Backups/whiskey',
    });
    expect(parseRemote('nas:', config)).toEqual({ name: 'nas', path: '' });
    expect(() => parseRemote('dropbox:x', config)).toThrow(/no remote named "dropbox"/);
    expect(() => parseRemote('/etc', config)).toThrow(StorageConfigError);
    expect(() => parseRemote(':local:/etc', config)).toThrow(StorageConfigError);
  });

  it('finds the hosts rclone will connect to', () => {
    expect(rcloneTargetHosts(config).sort()).toEqual(['minio.lan', 'nas.example.org']);
  });

  it('lists secret values, tokens inside JSON included', () => {
    const secrets = rcloneSecrets(config);
    for (const secret of [
      'ya29.access-token-value',
      '1//refresh-token-value',
      'obscured-password-value',
      'minio-secret-value',
      'crypt-password-value',
    ]) {
      expect(secrets).toContain(secret);
    }
    expect(secrets).not.toContain('ada');
  });

  it('allows remotes that reach storage services in every mode', () => {
    for (const mode of ['public', 'lan', 'any'] as const)
      expect(() => assertRcloneConfigAllowed(config, mode)).not.toThrow();
  });

  it.each([
    ['[disk]\ntype = local', /type local/],
    ['[alias]\ntype = alias\nremote = /etc', /not a remote of this config/],
    ['[alias]\ntype = alias\nremote = :local:/etc', /not a remote of this config/],
    ['[union]\ntype = union\nupstreams = a: /home', /"\/home"/],
    ['[sftp]\ntype = sftp\nhost = h\nkey_file = /root/.ssh/id_rsa', /key_file/],
    ['[sftp]\ntype = sftp\nhost = h\nssh = sh -c id', /ssh/],
    ['[drive]\ntype = drive\nservice_account_file = /etc/shadow', /service_account_file/],
  ])('refuses, unless STORAGE_TARGETS=any, what reaches this server: %j', (text, reason) => {
    const local = parseRcloneConfig(`[a]\ntype = drive\n${text}`);
    expect(() => assertRcloneConfigAllowed(local, 'lan')).toThrow(reason);
    expect(() => assertRcloneConfigAllowed(local, 'public')).toThrow(StorageConfigError);
    expect(() => assertRcloneConfigAllowed(local, 'any')).not.toThrow();
  });
});
