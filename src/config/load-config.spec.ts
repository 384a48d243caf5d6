import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error.js';
import { loadConfig } from './load-config.js';

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'whiskey-config-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const load = (env: Record<string, string>, warn?: (message: string) => void) =>
    loadConfig({ DATA_DIR: dataDir, ...env }, { warn });

  it('applies the documented defaults', () => {
    const config = load({});
    expect(config).toMatchObject({
      env: 'development',
      role: 'all',
      logLevel: 'info',
      dataDir,
      http: {
        port: 3000,
        host: '0.0.0.0',
        publicUrl: 'http://localhost:3000',
        corsOrigins: [],
        bodyLimitBytes: 1048576,
      },
      database: { url: undefined, migrationUrl: undefined },
      redis: { url: undefined },
      metrics: { token: undefined },
      shutdownTimeoutMs: 25_000,
    });
    expect(config.runsApi && config.runsWorker).toBe(true);
  });

  it('converts and trims values', () => {
    const config = load({
      PORT: '8080',
      CORS_ORIGINS: ' https://a.example , https://b.example ',
      PUBLIC_URL: 'https://w.example/',
    });
    expect(config.http).toMatchObject({
      port: 8080,
      publicUrl: 'https://w.example',
      corsOrigins: ['https://a.example', 'https://b.example'],
    });
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT must be an integer between 1 and 65535 \(got "abc"\)$/],
    [{ PORT: '70000' }, /PORT must be an integer between 1 and 65535 \(got 70000\)/],
    [{ APP_ROLE: 'both' }, /APP_ROLE must be one of all, api, worker/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgresql:\/\/ URL/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 characters long/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => load(env)).toThrow(ConfigError);
    expect(() => load(env)).toThrow(message);
    try {
      load(env);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('migrates with DATABASE_MIGRATION_URL when set, with DATABASE_URL otherwise', () => {
    const runtime = 'postgresql://whiskey_app@db/whiskey';
    const owner = 'postgresql://whiskey_owner@db/whiskey';
    expect(load({ DATABASE_URL: runtime }).migrationDatabaseUrl).toBe(runtime);
    const split = load({ DATABASE_URL: runtime, DATABASE_MIGRATION_URL: owner });
    expect([split.databaseUrl, split.migrationDatabaseUrl]).toEqual([runtime, owner]);
    expect(split.withRole('worker').migrationDatabaseUrl).toBe(owner);
    // The embedded PostgreSQL fills in the runtime URL only; without a migration URL it serves both.
    const embedded = load({}).withConnections({
      databaseUrl: 'postgresql://whiskey@127.0.0.1:54329/whiskey',
    });
    expect(embedded.migrationDatabaseUrl).toBe('postgresql://whiskey@127.0.0.1:54329/whiskey');
  });

  it('refuses DATABASE_MIGRATION_URL without DATABASE_URL, and one that is not a postgresql:// URL', () => {
    expect(() => load({ DATABASE_MIGRATION_URL: 'postgresql://owner@db/whiskey' })).toThrow(
      'DATABASE_MIGRATION_URL requires DATABASE_URL',
    );
    expect(() =>
      load({ DATABASE_URL: 'postgresql://app@db/whiskey', DATABASE_MIGRATION_URL: 'mysql://owner@db' }),
    ).toThrow(/DATABASE_MIGRATION_URL must be a postgresql:\/\/ URL/);
  });

  it.each(['JWT_SECRET', 'DATABASE_URL', 'REDIS_URL'])('requires %s in production', (variable) => {
    const production: Record<string, string> = {
      NODE_ENV: 'production',
      JWT_SECRET: 'p'.repeat(40),
      DATABASE_URL: 'postgresql://db/whiskey',
      REDIS_URL: 'redis://redis:6379',
    };
    delete production[variable];
    expect(() => load(production)).toThrow(`${variable} is required when NODE_ENV=production`);
  });

  it('generates a development JWT secret once, private to its owner, and warns about it', () => {
    const warnings: string[] = [];
    const first = load({}, (message) => warnings.push(message));
    const second = load({}, (message) => warnings.push(message));
    expect(first.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.auth.jwtSecret).toBe(first.auth.jwtSecret);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(first.auth.jwtSecret);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/JWT_SECRET is not set/);
    expect(warnings[0]).not.toContain(first.auth.jwtSecret);
  });

  it('takes STORAGE_SECRET_KEY in hex or base64, and refuses other lengths naming the variable', () => {
    const hex = 'ab'.repeat(32);
    expect(load({ STORAGE_SECRET_KEY: hex }).storage.secretKey).toEqual(Buffer.from(hex, 'hex'));
    const base64 = Buffer.alloc(32, 7).toString('base64');
    expect(load({ STORAGE_SECRET_KEY: base64 }).storage.secretKey).toEqual(Buffer.alloc(32, 7));
    expect(() => load({ STORAGE_SECRET_KEY: 'ab'.repeat(16) })).toThrow(
      /STORAGE_SECRET_KEY must be 32 bytes/,
    );
  });

  it('ignores variables it does not know and empty values', () => {
    expect(load({ SOMETHING_ELSE: 'x', PORT: '' }).http.port).toBe(3000);
  });
});
