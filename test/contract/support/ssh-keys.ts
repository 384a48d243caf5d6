import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';

/** An SSH key pair in OpenSSH format, and the fingerprint of its public key as `ssh-keygen -l` shows it. */
export interface SshKeyPair {
  privateKey: string;
  publicKey: string;
  fingerprint: string;
}

/** A fresh Ed25519 key pair, its private key encrypted when a passphrase is given. */
export function generateSshKeyPair(passphrase?: string): SshKeyPair {
  const pair = passphrase
    ? ssh2.utils.generateKeyPairSync('ed25519', { passphrase, cipher: 'aes256-ctr', rounds: 16 })
    : ssh2.utils.generateKeyPairSync('ed25519');
  const blob = Buffer.from(pair.public.split(' ')[1], 'base64');
  const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  return { privateKey: pair.private, publicKey: pair.public, fingerprint };
}
