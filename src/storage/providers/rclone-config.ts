import type { StorageTargetMode } from '../../config/environment.schema.js';
import { StorageConfigError } from '../storage.errors.js';

/** An rclone.conf: section (remote) name → its `key = value` pairs. */
export type RcloneConfig = Map<string, Map<string, string>>;

/** A `name:path` reference to a remote of the config. */
export interface RcloneRemote {
  name: string;
  path: string;
}

/** Keys that name other remotes (alias, crypt, union, chunker, …). */
const REMOTE_REFERENCES = new Set(['remote', 'upstreams']);
/** Keys that read a file or run a command on this machine (`key_file`, `ssh`, …). */
const LOCAL_ACCESS_KEY = /(_file|_command)$|^ssh$/;
/** Keys that hold an address rclone connects to. */
const HOST_KEYS = new Set(['url', 'endpoint', 'host']);
/** Keys whose values are secrets (passwords, keys, tokens). */
const SECRET_KEY = /pass|secret|token|key|credentials/i;

const REMOTE_REFERENCE = /^([^:/\\\s]+):/;

/** Parses rclone.conf text (INI: `[name]` sections, `key = value` lines, `#`/`;` comments). */
export function parseRcloneConfig(text: string): RcloneConfig {
  const sections: RcloneConfig = new Map();
  let current: Map<string, string> | undefined;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1].trim(), current);
      continue;
    }
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (!pair || !current) {
      throw new StorageConfigError(
        `The rclone config is not valid: line ${index + 1} is neither a [section] nor key = value`,
      );
    }
    current.set(pair[1].toLowerCase(), pair[2]);
  }
  return sections;
}

/** Splits `name:path` and checks that `name` is a remote of `config`. */
export function parseRemote(remote: string, config: RcloneConfig): RcloneRemote {
  const match = REMOTE_REFERENCE.exec(remote);
  if (!match) {
    throw new StorageConfigError(
      `The rclone remote must look like name:path (got ${JSON.stringify(remote)})`,
    );
  }
  if (!config.has(match[1])) {
    throw new StorageConfigError(`The rclone config has no remote named ${JSON.stringify(match[1])}`);
  }
  return { name: match[1], path: remote.slice(match[0].length) };
}

/**
 * Refuses, unless STORAGE_TARGETS=any, the parts of an rclone config that reach this machine
 * rather than a storage service: `local` remotes, references to local paths or on-the-fly
 * backends (`remote = /etc`, `remote = :local:/`), and options that read files or run commands.
 * An administrator of the application is not necessarily an administrator of the server.
 */
export function assertRcloneConfigAllowed(config: RcloneConfig, mode: StorageTargetMode): void {
  if (mode === 'any') return;
  const refuse = (name: string, why: string) =>
    new StorageConfigError(
      `The rclone remote ${JSON.stringify(name)} ${why}: only allowed with STORAGE_TARGETS=any`,
    );
  for (const [name, values] of config) {
    if (values.get('type') === 'local') throw refuse(name, 'is of type local (this server’s files)');
    for (const [key, value] of values) {
      if (LOCAL_ACCESS_KEY.test(key))
        throw refuse(name, `sets ${key}, which reads a file or runs a command here`);
      if (!REMOTE_REFERENCES.has(key)) continue;
      for (const reference of value.split(/\s+/).filter(Boolean)) {
        const target = REMOTE_REFERENCE.exec(reference)?.[1];
        if (!target || !config.has(target)) {
          throw refuse(name, `refers to ${JSON.stringify(reference)}, which is not a remote of this config`);
        }
      }
    }
  }
}

/** Host names of the config's `url`, `endpoint` and `host` settings, for the SSRF check. */
export function rcloneTargetHosts(config: RcloneConfig): string[] {
  const hosts = new Set<string>();
  for (const [name, values] of config) {
    for (const [key, value] of values) {
      if (!HOST_KEYS.has(key) || value === '') continue;
      try {
        hosts.add(new URL(value.includes('://') ? value : `http://${value}`).hostname);
      } catch {
        throw new StorageConfigError(
          `The ${key} of the rclone remote ${JSON.stringify(name)} is not a host or URL`,
        );
      }
    }
  }
  return [...hosts];
}

/** Secret values of the config (and the strings inside JSON tokens), to remove from messages. */
export function rcloneSecrets(config: RcloneConfig): string[] {
  const secrets: string[] = [];
  for (const values of config.values()) {
    for (const [key, value] of values) {
      if (!SECRET_KEY.test(key) || value === '') continue;
      secrets.push(value);
      if (value.startsWith('{')) {
        try {
          const parsed = JSON.parse(value) as Record<string, unknown>;
          for (const inner of Object.values(parsed))
            if (typeof inner === 'string' && inner.length >= 8) secrets.push(inner);
        } catch {
          // Not JSON after all: the whole value is already listed.
        }
      }
    }
  }
  return secrets;
}
