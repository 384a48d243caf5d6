import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { environmentVariableNames, loadConfig } from '../../src/config/load-config.js';

/**
 * There is no Docker engine on the development and CI machines, so the deployment files are checked
 * statically: the compose file, the Dockerfile and the Prometheus/Grafana configuration are read as
 * they are committed and held against what the application and the images expect.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

interface Healthcheck {
  test?: string | string[];
  disable?: boolean;
}

interface Service {
  image?: string;
  build?: unknown;
  profiles?: string[];
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: (string | { source?: string; target: string })[];
  ports?: unknown[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: Healthcheck;
}

interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const COMPOSE_TEXT = read('docker-compose.yml');
const compose = parse(COMPOSE_TEXT) as ComposeFile;
const services = compose.services;
const DOCKERFILE_TEXT = read('Dockerfile');

/** Values for the variables an operator must provide, as they would be in `.env`. */
const OPERATOR_ENV = {
  POSTGRES_PASSWORD: 'compose-test-password',
  WHISKEY_DB_OWNER_PASSWORD: 'compose-owner-password',
  WHISKEY_DB_APP_PASSWORD: 'compose-app-password',
  JWT_SECRET: 'j'.repeat(32),
  METRICS_TOKEN: 'm'.repeat(16),
};

/** Compose's interpolation (`${VAR}`, `${VAR:-default}`, `${VAR:?error}`, `$$`), enough for this file. */
function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(
    /\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}/g,
    (match, name: string | undefined, op: string | undefined, arg: string | undefined) => {
      if (match === '$$' || name === undefined) return '$';
      const current = vars[name];
      const unset = op?.startsWith(':') ? !current : current === undefined;
      if (!unset) return current ?? '';
      if (op?.endsWith('?')) throw new Error(`required variable ${name} is missing a value: ${arg}`);
      return op ? (arg ?? '') : '';
    },
  );
}

function environmentOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line) => [line.split('=', 1)[0] ?? '', line.slice(line.indexOf('=') + 1)] as const)
    : Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)] as const);
  return Object.fromEntries(entries);
}

function resolvedEnvironmentOf(service: Service, vars: Record<string, string | undefined>) {
  return Object.fromEntries(
    Object.entries(environmentOf(service)).map(([key, value]) => [key, interpolate(value, vars)]),
  );
}

interface Mount {
  source: string;
  target: string;
  named: boolean;
}

function mountsOf(service: Service): Mount[] {
  return (service.volumes ?? []).map((volume) => {
    const [source = '', target = ''] =
      typeof volume === 'string' ? volume.split(':') : [volume.source, volume.target];
    return { source, target, named: source !== '' && !/^[./~]/.test(source) };
  });
}

function dependenciesOf(service: Service): Record<string, { condition?: string }> {
  const dependsOn = service.depends_on ?? {};
  return Array.isArray(dependsOn) ? Object.fromEntries(dependsOn.map((name) => [name, {}])) : dependsOn;
}

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions with comments dropped and continuation lines joined. */
function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    pending += line.replace(/\\\s*$/, ' ');
    if (/\\\s*$/.test(line)) continue;
    const match = /^\s*(\w+)\s+(.*\S)\s*$/.exec(pending);
    if (match) instructions.push({ keyword: match[1].toUpperCase(), args: match[2] });
    pending = '';
  }
  return instructions;
}

const dockerfile = parseDockerfile(DOCKERFILE_TEXT);
const finalStage = dockerfile.slice(dockerfile.map((i) => i.keyword).lastIndexOf('FROM'));
const argsOf = (stage: Instruction[], keyword: string): string[] =>
  stage.filter((i) => i.keyword === keyword).map((i) => i.args);

describe('docker-compose.yml', () => {
  it('runs app, postgres and redis by default, and the extras behind profiles', () => {
    for (const name of ['app', 'postgres', 'redis']) {
      expect(services[name]).toBeDefined();
      expect(services[name]?.profiles).toBeUndefined();
    }
    expect(services.prometheus?.profiles).toEqual(['observability']);
    expect(services.grafana?.profiles).toEqual(['observability']);
    expect(services.mailpit?.profiles).toEqual(['mail']);
  });

  it('uses the Compose specification without the obsolete version key', () => {
    expect(compose).not.toHaveProperty('version');
  });

  it('gives every service a healthcheck (all images here have a shell tool or binary to probe with)', () => {
    for (const [name, service] of Object.entries(services)) {
      expect({ name, disabled: service.healthcheck?.disable ?? false }).toEqual({ name, disabled: false });
      expect({ name, test: service.healthcheck?.test ?? [] }).toEqual({
        name,
        test: expect.arrayContaining([expect.stringMatching(/^CMD(-SHELL)?$/)]),
      });
    }
  });

  it('starts the app only once postgres and redis are healthy', () => {
    expect(dependenciesOf(services.app)).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
  });

  it('declares every named volume it uses and uses every one it declares', () => {
    const used = Object.values(services).flatMap((service) =>
      mountsOf(service)
        .filter((mount) => mount.named)
        .map((mount) => mount.source),
    );
    const declared = Object.keys(compose.volumes ?? {});
    expect([...new Set(used)].sort()).toEqual([...declared].sort());
  });

  it('keeps the data of the app, postgres and redis on named volumes', () => {
    const dataMount = (service: string, target: string) =>
      mountsOf(services[service]).find((mount) => mount.target === target);
    expect(dataMount('postgres', '/var/lib/postgresql/data')).toMatchObject({ named: true });
    expect(dataMount('redis', '/data')).toMatchObject({ named: true });
    expect(dataMount('app', environmentOf(services.app).DATA_DIR ?? '')).toMatchObject({ named: true });
  });

  it('has redis keep queued jobs across restarts in an append-only file', () => {
    const command = [services.redis.command ?? []].flat().join(' ');
    expect(command).toMatch(/--appendonly yes/);
  });

  it('publishes a port for the app only', () => {
    const publishing = Object.entries(services)
      .filter(([, service]) => (service.ports ?? []).length > 0)
      .map(([name]) => name);
    expect(publishing).toEqual(['app']);
    expect(services.app.ports).toEqual(['${APP_PORT:-3000}:3000']);
  });

  it('sets every variable the app requires in production, with values its config accepts', () => {
    const env = resolvedEnvironmentOf(services.app, OPERATOR_ENV);
    expect(env).toMatchObject({ NODE_ENV: 'production' });
    for (const name of ['JWT_SECRET', 'DATABASE_URL', 'REDIS_URL']) expect(env[name]).toBeTruthy();

    const config = loadConfig(env);
    expect(config.env).toBe('production');
    expect(config.http.port).toBe(3000);
  });

  it('passes mail and single sign-on through from .env, and leaves them off when unset', () => {
    expect(loadConfig(resolvedEnvironmentOf(services.app, OPERATOR_ENV))).toMatchObject({
      mail: { smtpUrl: undefined },
      sso: { environmentProvider: undefined, allowHttpIssuers: false },
    });

    const withExtras = resolvedEnvironmentOf(services.app, {
      ...OPERATOR_ENV,
      SMTP_URL: 'smtp://mailpit:1025',
      MAIL_FROM: 'Cellar <cellar@example.org>',
      OIDC_ISSUER_URL: 'https://auth.example.org/application/o/whiskey/',
      OIDC_CLIENT_ID: 'whiskey',
      OIDC_CLIENT_SECRET: 'compose-client-secret',
      OIDC_BUTTON_LABEL: 'Sign in with Authentik',
      OIDC_AUTO_PROVISION: 'true',
      OIDC_GROUP_ROLE_MAP: 'whisky-admins=admin',
    });
    expect(loadConfig(withExtras)).toMatchObject({
      mail: { smtpUrl: 'smtp://mailpit:1025', from: 'Cellar <cellar@example.org>' },
      sso: {
        environmentProvider: {
          issuerUrl: 'https://auth.example.org/application/o/whiskey/',
          clientId: 'whiskey',
          clientSecret: 'compose-client-secret',
          buttonLabel: 'Sign in with Authentik',
          scopes: 'openid email profile',
          autoProvision: true,
          defaultRole: 'user',
          groupRoleMap: { 'whisky-admins': 'admin' },
        },
      },
    });
  });

  it('sets only variables the app knows', () => {
    const known = environmentVariableNames();
    const unknown = Object.keys(environmentOf(services.app)).filter((name) => !known.includes(name));
    expect(unknown).toEqual([]);
  });

  it('refuses to start without the secrets instead of defaulting them', () => {
    const required = {
      app: ['WHISKEY_DB_OWNER_PASSWORD', 'WHISKEY_DB_APP_PASSWORD', 'JWT_SECRET', 'METRICS_TOKEN'],
      postgres: ['POSTGRES_PASSWORD', 'WHISKEY_DB_OWNER_PASSWORD', 'WHISKEY_DB_APP_PASSWORD'],
    } as const;
    for (const [service, secrets] of Object.entries(required)) {
      for (const secret of secrets) {
        const without = { ...OPERATOR_ENV, [secret]: undefined };
        expect(() => resolvedEnvironmentOf(services[service], without)).toThrow(
          `required variable ${secret}`,
        );
      }
    }
  });

  it('requires no variable for profile services, since Compose interpolates before it applies profiles', () => {
    for (const [name, service] of Object.entries(services)) {
      if (!service.profiles) continue;
      expect({ name, service: JSON.stringify(service) }).not.toEqual({
        name,
        service: expect.stringMatching(/\$\{\w+:?\?/),
      });
    }
  });

  it('points the app at the postgres and redis services as the two roles postgres creates at its first start', () => {
    const app = resolvedEnvironmentOf(services.app, OPERATOR_ENV);
    const postgres = resolvedEnvironmentOf(services.postgres, OPERATOR_ENV);
    const login = (url: string) => {
      const parsed = new URL(url);
      return {
        host: parsed.hostname,
        user: parsed.username,
        password: decodeURIComponent(parsed.password),
        db: parsed.pathname.slice(1),
      };
    };
    // ops/db/initdb.sh creates whiskey_owner and whiskey_app with these passwords, in POSTGRES_DB.
    const initdb = read('ops/db/initdb.sh');
    expect(initdb).toContain('owner_role="${WHISKEY_DB_OWNER:-whiskey_owner}"');
    expect(initdb).toContain('app_role="${WHISKEY_DB_APP:-whiskey_app}"');
    expect(services.postgres.volumes).toEqual(
      expect.arrayContaining(['./ops/db/initdb.sh:/docker-entrypoint-initdb.d/10-whiskey-roles.sh:ro']),
    );
    expect(login(app.DATABASE_URL)).toEqual({
      host: 'postgres',
      user: 'whiskey_app',
      password: postgres.WHISKEY_DB_APP_PASSWORD,
      db: postgres.POSTGRES_DB,
    });
    expect(login(app.DATABASE_MIGRATION_URL)).toEqual({
      host: 'postgres',
      user: 'whiskey_owner',
      password: postgres.WHISKEY_DB_OWNER_PASSWORD,
      db: postgres.POSTGRES_DB,
    });
    expect(new URL(app.REDIS_URL).hostname).toBe('redis');
  });

  it('pins every image to a version', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) continue;
      expect({ name, image: service.image }).toEqual({
        name,
        image: expect.stringMatching(/^[^:]+:[\w.-]+$/),
      });
    }
    expect(COMPOSE_TEXT).not.toMatch(/:latest\b/);
  });
});

describe('Dockerfile', () => {
  it('builds in one stage and runs from another, on pinned base images', () => {
    const bases = argsOf(dockerfile, 'FROM').map((args) => args.split(/\s+/)[0] ?? '');
    expect(bases.length).toBeGreaterThanOrEqual(2);
    for (const base of bases) expect(base).toMatch(/^[^:]+:[\w.-]+$/);
    expect(DOCKERFILE_TEXT).not.toMatch(/:latest\b/);
  });

  it('ships pg_dump and pg_restore of the major version of the compose PostgreSQL, and age and zstd', () => {
    const serverMajor = /^postgres:(\d+)/.exec(String(services.postgres.image))?.[1];
    expect(serverMajor).toBeDefined();
    const installs = argsOf(finalStage, 'RUN').join(' ');
    expect(installs).toContain(`postgresql-client-${serverMajor}`);
    expect(installs).toMatch(/\bage\b/);
    expect(installs).toMatch(/\bzstd\b/);
  });

  it('runs as a non-root user', () => {
    const user = argsOf(finalStage, 'USER').at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it('starts the compiled API with the same healthcheck command as compose', () => {
    const cmd = JSON.parse(argsOf(finalStage, 'CMD').at(-1) ?? '[]') as string[];
    expect(cmd).toContain('dist/src/main.js');

    const healthcheck = argsOf(finalStage, 'HEALTHCHECK').at(-1) ?? '';
    const probe = JSON.parse(/\bCMD\s+(\[.*\])$/.exec(healthcheck)?.[1] ?? '[]') as string[];
    expect(probe.join(' ')).toContain('http://127.0.0.1:3000/health/ready');
    expect(['CMD', ...probe]).toEqual(services.app.healthcheck?.test);
  });

  it('keeps local state and secrets out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(
      expect.arrayContaining([
        '**/node_modules',
        'dist',
        'data',
        '.git',
        'coverage',
        '.env',
        'prometheus/metrics-token',
      ]),
    );
  });
});

describe('Prometheus and Grafana configuration', () => {
  const prometheusConfig = parse(read('prometheus/prometheus.yml')) as {
    global: { scrape_interval: string };
    scrape_configs: {
      job_name: string;
      metrics_path?: string;
      authorization?: { type?: string; credentials_file?: string };
      static_configs: { targets: string[] }[];
    }[];
  };
  const configMount = mountsOf(services.prometheus).find((mount) => mount.source === './prometheus');

  it('scrapes the app service with the bearer token from the mounted configuration directory', () => {
    const job = prometheusConfig.scrape_configs.find((c) => c.job_name === 'whiskey-tracker');
    expect(job).toMatchObject({ metrics_path: '/metrics', authorization: { type: 'Bearer' } });
    expect(job!.static_configs.flatMap((c) => c.targets)).toEqual(['app:3000']);
    expect(configMount).toBeDefined();
    expect(job!.authorization?.credentials_file).toBe(`${configMount!.target}/metrics-token`);
  });

  it('passes `promtool check config` with the files compose mounts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'whiskey-prometheus-'));
    try {
      // The same layout as the container's mount, with a stand-in for the operator's token file.
      cpSync(join(ROOT, 'prometheus'), dir, { recursive: true });
      writeFileSync(join(dir, 'metrics-token'), OPERATOR_ENV.METRICS_TOKEN);
      const config = read('prometheus/prometheus.yml').replaceAll(`${configMount!.target}/`, `${dir}/`);
      writeFileSync(join(dir, 'prometheus.yml'), config);

      const result = spawnSync('promtool', ['check', 'config', join(dir, 'prometheus.yml')], {
        encoding: 'utf8',
      });
      if (result.error && 'code' in result.error && result.error.code === 'ENOENT') {
        throw new Error(
          'promtool is not installed: install the Debian package `prometheus` ' +
            '(apt-get install --no-install-recommends prometheus)',
        );
      }
      if (result.status !== 0)
        throw new Error(`promtool check config failed:\n${result.stdout}${result.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('provisions Grafana with the Prometheus service as its default data source', () => {
    const { datasources } = parse(read('grafana/provisioning/datasources/prometheus.yml')) as {
      datasources: {
        name: string;
        uid: string;
        type: string;
        url: string;
        isDefault?: boolean;
        jsonData?: object;
      }[];
    };
    expect(datasources).toEqual([
      expect.objectContaining({
        name: 'Prometheus',
        uid: 'prometheus',
        type: 'prometheus',
        url: 'http://prometheus:9090',
        isDefault: true,
        jsonData: expect.objectContaining({ timeInterval: prometheusConfig.global.scrape_interval }),
      }),
    ]);
  });

  it('loads dashboards from the directory compose mounts into Grafana', () => {
    const { providers } = parse(read('grafana/provisioning/dashboards/dashboards.yml')) as {
      providers: { type: string; options: { path: string } }[];
    };
    const grafanaMounts = mountsOf(services.grafana);
    expect(grafanaMounts).toContainEqual(expect.objectContaining({ source: './grafana/provisioning' }));
    for (const provider of providers) {
      expect(provider.type).toBe('file');
      expect(grafanaMounts).toContainEqual(
        expect.objectContaining({ source: './grafana/dashboards', target: provider.options.path }),
      );
    }
  });
});
