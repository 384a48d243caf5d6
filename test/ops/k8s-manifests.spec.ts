import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { environmentVariableNames } from '../../src/config/load-config.js';

/**
 * Static checks of ops/k8s (no cluster here). When `kubectl` is on PATH, the base and every overlay
 * are also rendered with its built-in Kustomize and the rendered objects checked the same way; the
 * overlay checks below work without it, from the overlay's own patches.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const K8S = join(ROOT, 'ops/k8s');
const BASE = join(K8S, 'base');
const OVERLAYS = readdirSync(join(K8S, 'overlays')).map((name) => join(K8S, 'overlays', name));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const ALLOWED_KINDS = new Set([
  'Kustomization',
  'Namespace',
  'ConfigMap',
  'PersistentVolumeClaim',
  'Deployment',
  'Job',
  'Service',
  'Ingress',
  'PodDisruptionBudget',
  'ServiceMonitor',
]);
/** Variables that hold secrets: they must come from a Secret, never be written in a manifest. */
const SECRET_VARIABLES = new Set([
  'DATABASE_URL',
  'DATABASE_MIGRATION_URL',
  'REDIS_URL',
  'JWT_SECRET',
  'METRICS_TOKEN',
  'STORAGE_SECRET_KEY',
  'SMTP_URL',
]);

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects are checked field by field. */
type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
};
/* eslint-enable @typescript-eslint/no-explicit-any */

interface ServicePort {
  name: string;
}
interface IngressBackend {
  name: string;
  port: { name: string };
}
interface IngressRule {
  http: { paths: { backend: { service: IngressBackend } }[] };
}

interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  startupProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

function parseYaml(text: string, source: string): K8sObject[] {
  return parseAllDocuments(text).map((document, index) => {
    if (document.errors.length > 0) {
      throw new Error(`${source} document ${index}: ${document.errors.map((e) => e.message).join('; ')}`);
    }
    return document.toJS() as K8sObject;
  });
}

function objectsOf(files: string[]): K8sObject[] {
  return files.flatMap((file) => parseYaml(readFileSync(file, 'utf8'), relative(ROOT, file)));
}

interface Kustomization {
  resources?: string[];
  patches?: { path?: string; target?: { kind?: string; name?: string } }[];
}

function kustomizationOf(dir: string): Kustomization {
  return parseYaml(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'), dir)[0] as unknown as Kustomization;
}

/** The objects a kustomization's own resource files (not other kustomizations) declare. */
function resourcesOf(dir: string): K8sObject[] {
  const files = (kustomizationOf(dir).resources ?? [])
    .map((entry) => join(dir, entry))
    .filter((path) => !existsSync(join(path, 'kustomization.yaml')));
  return objectsOf(files);
}

function podContainers(object: K8sObject): Container[] {
  return (object.spec?.template?.spec?.containers ?? []) as Container[];
}

/** The paths the health controller serves, read from its source: probes must use real ones. */
function healthPaths(): string[] {
  const source = readFileSync(join(ROOT, 'src/health/health.controller.ts'), 'utf8');
  const base = /@Controller\('([^']+)'\)/.exec(source)?.[1];
  return [...source.matchAll(/@Get\('([^']+)'\)/g)].map((match) => `/${base}/${match[1]}`);
}

/** Every check that holds for workloads in the base and in any rendered overlay. */
function checkWorkloads(objects: K8sObject[]): void {
  const probes = healthPaths();
  expect(probes).toEqual(expect.arrayContaining(['/health/ready', '/health/live']));
  const workloads = objects.filter((object) => ['Deployment', 'Job'].includes(object.kind));
  expect(workloads.map((object) => object.kind).sort()).toEqual(['Deployment', 'Deployment', 'Job']);
  const known = new Set(environmentVariableNames());

  for (const workload of workloads) {
    const containers = podContainers(workload);
    expect(containers.length).toBeGreaterThan(0);
    for (const container of containers) {
      const where = `${workload.kind}/${workload.metadata.name} container ${container.name}`;
      // Pinned to this release: a tag, never `latest`, never a digest-less bare name.
      expect({ where, image: container.image }).toEqual({ where, image: `whiskey-tracker:${VERSION}` });

      for (const kind of ['requests', 'limits'] as const) {
        expect({
          where,
          kind,
          cpu: !!container.resources?.[kind]?.cpu,
          memory: !!container.resources?.[kind]?.memory,
        }).toEqual({
          where,
          kind,
          cpu: true,
          memory: true,
        });
      }

      for (const variable of container.env ?? []) {
        expect({ where, variable: variable.name, known: known.has(variable.name) }).toMatchObject({
          known: true,
        });
        if (SECRET_VARIABLES.has(variable.name)) {
          expect({ where, variable: variable.name, value: variable.value }).toEqual({
            where,
            variable: variable.name,
            value: undefined,
          });
          expect(variable.valueFrom?.secretKeyRef?.name).toBe('whiskey-tracker');
        }
      }
      for (const source of container.envFrom ?? []) expect(source.secretRef).toBeUndefined();

      // The entry point (or, for the migration Job, every module it imports) exists in the build.
      const command = (container.command ?? []).join('\n');
      const entries = [...command.matchAll(/dist\/(src\/[\w/.-]+)\.js/g)].map((match) => `${match[1]}.ts`);
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries)
        expect({ where, entry, exists: existsSync(join(ROOT, entry)) }).toMatchObject({ exists: true });

      if (workload.kind !== 'Deployment') continue;
      const portNames = (container.ports ?? []).map((port) => port.name);
      for (const probe of ['readinessProbe', 'livenessProbe'] as const) {
        const httpGet = container[probe]?.httpGet;
        expect({ where, probe, path: httpGet?.path }).toEqual({
          where,
          probe,
          path: expect.stringMatching(/^\/health\//),
        });
        expect(probes).toContain(httpGet?.path);
        expect(portNames).toContain(httpGet?.port);
      }
      expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
      expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
    }
  }

  // Each role runs as its own Deployment, as APP_ROLE says.
  const roles = workloads
    .filter((object) => object.kind === 'Deployment')
    .map((object) => podContainers(object)[0].env?.find((variable) => variable.name === 'APP_ROLE')?.value)
    .sort();
  expect(roles).toEqual(['api', 'worker']);
}

describe('ops/k8s manifests', () => {
  const files = yamlFiles(K8S);
  const baseObjects = resourcesOf(BASE);

  it('parse, and use only the kinds a deployment of the app needs', () => {
    expect(files.length).toBeGreaterThan(0);
    const kinds = objectsOf(files).map((object) => object.kind);
    expect(kinds.filter((kind) => !ALLOWED_KINDS.has(kind))).toEqual([]);
    // Secret values never live in the repository: the Secret is created by the operator.
    expect(kinds).not.toContain('Secret');
  });

  it('have a base with every part of the scale path', () => {
    expect(baseObjects.map((object) => `${object.kind}/${object.metadata.name}`).sort()).toEqual([
      'ConfigMap/whiskey-tracker',
      'Deployment/whiskey-tracker-api',
      'Deployment/whiskey-tracker-worker',
      'Ingress/whiskey-tracker',
      'Job/whiskey-tracker-migrate',
      'PersistentVolumeClaim/whiskey-tracker-data',
      'PodDisruptionBudget/whiskey-tracker-api',
      'PodDisruptionBudget/whiskey-tracker-worker',
      'Service/whiskey-tracker-api',
      'Service/whiskey-tracker-worker',
      'ServiceMonitor/whiskey-tracker',
    ]);
  });

  it('give every container probes on /health/*, requests and limits, a pinned image and secrets by reference', () => {
    checkWorkloads(baseObjects);
  });

  it('configure the app only with variables it knows', () => {
    const known = new Set(environmentVariableNames());
    const configMap = baseObjects.find((object) => object.kind === 'ConfigMap')!;
    const keys = Object.keys(configMap.data ?? {});
    expect(keys.filter((key) => !known.has(key) || SECRET_VARIABLES.has(key))).toEqual([]);
  });

  it('route the Ingress and the ServiceMonitor to named ports of Services that select pods', () => {
    const services = baseObjects.filter((object) => object.kind === 'Service');
    const podLabels = baseObjects
      .filter((object) => object.kind === 'Deployment')
      .map((object) => object.spec.template.metadata.labels as Record<string, string>);
    for (const service of services) {
      const selector = service.spec.selector as Record<string, string>;
      expect(podLabels.some((labels) => Object.entries(selector).every(([k, v]) => labels[k] === v))).toBe(
        true,
      );
    }
    const ingress = baseObjects.find((object) => object.kind === 'Ingress')!;
    const backends = (ingress.spec.rules as IngressRule[]).flatMap((rule) =>
      rule.http.paths.map((path) => path.backend.service),
    );
    expect(backends.length).toBeGreaterThan(0);
    for (const backend of backends) {
      const service = services.find((candidate) => candidate.metadata.name === backend.name);
      const ports = (service?.spec.ports ?? []) as ServicePort[];
      expect(ports.map((port) => port.name)).toContain(backend.port.name);
    }

    const monitor = baseObjects.find((object) => object.kind === 'ServiceMonitor')!;
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    const [endpoint] = monitor.spec.endpoints;
    expect(endpoint).toMatchObject({
      port: 'http',
      path: '/metrics',
      bearerTokenSecret: { name: 'whiskey-tracker', key: 'metrics-token' },
    });
    const monitored = services.filter((service) =>
      Object.entries(monitor.spec.selector.matchLabels as Record<string, string>).every(
        ([key, value]) => (service.metadata.labels?.[key] ?? kustomizationLabels()[key]) === value,
      ),
    );
    expect(monitored.map((service) => service.metadata.name).sort()).toEqual([
      'whiskey-tracker-api',
      'whiskey-tracker-worker',
    ]);
  });

  it('list in each kustomization exactly the files of its folder, all of which exist', () => {
    for (const dir of [BASE, ...OVERLAYS]) {
      const kustomization = kustomizationOf(dir);
      const listed = [
        ...(kustomization.resources ?? []),
        ...(kustomization.patches ?? []).flatMap((patch) => (patch.path ? [patch.path] : [])),
      ];
      for (const entry of listed)
        expect({ dir, entry, exists: existsSync(join(dir, entry)) }).toMatchObject({ exists: true });
      const own = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name) && name !== 'kustomization.yaml');
      const listedHere = listed
        .filter((entry) => dirname(join(dir, entry)) === dir)
        .map((entry) => entry.replace(/^\.\//, ''));
      expect({ dir, files: own.sort() }).toEqual({ dir, files: [...new Set(listedHere)].sort() });
    }
  });

  describe.each(OVERLAYS.map((dir) => [relative(K8S, dir), dir]))('overlay %s', (_, dir) => {
    it('builds on the base and patches only objects the base declares', () => {
      const kustomization = kustomizationOf(dir);
      expect(kustomization.resources).toContain('../../base');
      const declared = new Set(baseObjects.map((object) => `${object.kind}/${object.metadata.name}`));
      for (const patch of kustomization.patches ?? []) {
        const targets = patch.path
          ? parseYaml(readFileSync(join(dir, patch.path), 'utf8'), patch.path).map(
              (object) => `${object.kind}/${object.metadata.name}`,
            )
          : [`${patch.target?.kind}/${patch.target?.name}`];
        for (const target of targets)
          expect({ patch: patch.path, target, inBase: declared.has(target) }).toMatchObject({ inBase: true });
      }
    });
  });

  it('k3s: one replica of each, local-path data and the Traefik ingress class', () => {
    const dir = join(K8S, 'overlays/k3s');
    const patched = new Map(
      (kustomizationOf(dir).patches ?? []).flatMap((patch) =>
        parseYaml(readFileSync(join(dir, patch.path!), 'utf8'), patch.path!).map((object) => [
          `${object.kind}/${object.metadata.name}`,
          object,
        ]),
      ),
    );
    expect(patched.get('Deployment/whiskey-tracker-api')?.spec.replicas).toBe(1);
    expect(patched.get('Deployment/whiskey-tracker-worker')?.spec.replicas).toBe(1);
    expect(patched.get('PersistentVolumeClaim/whiskey-tracker-data')?.spec).toEqual({
      storageClassName: 'local-path',
      accessModes: ['ReadWriteOnce'],
    });
    expect(patched.get('Ingress/whiskey-tracker')?.spec.ingressClassName).toBe('traefik');
  });

  // `labels` and `patches` need Kustomize 4 or later (kubectl 1.21+); Debian bookworm's
  // kubernetes-client (kubectl 1.20, Kustomize 2) cannot render them, so it counts as absent.
  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  const kustomizeMajor = Number(/Kustomize Version: v(\d+)/.exec(kubectl.stdout ?? '')?.[1] ?? 0);
  const withKubectl = kubectl.status === 0 && kustomizeMajor >= 4 ? describe : describe.skip;
  withKubectl('rendered by kubectl kustomize', () => {
    const render = (dir: string): K8sObject[] => {
      const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`kubectl kustomize ${dir}: ${result.stderr}`);
      return parseYaml(result.stdout, dir);
    };

    it.each([BASE, ...OVERLAYS].map((dir) => [relative(K8S, dir), dir]))(
      '%s renders and passes the workload checks',
      (_, dir) => {
        checkWorkloads(render(dir));
      },
    );

    it('k3s renders one namespace, one replica each, local-path and Traefik', () => {
      const objects = render(join(K8S, 'overlays/k3s'));
      const namespaced = objects.filter((object) => object.kind !== 'Namespace');
      expect(new Set(namespaced.map((object) => object.metadata.namespace))).toEqual(
        new Set(['whiskey-tracker']),
      );
      const byName = (kind: string, name: string) =>
        objects.find((object) => object.kind === kind && object.metadata.name === name)!;
      expect(byName('Deployment', 'whiskey-tracker-api').spec.replicas).toBe(1);
      expect(byName('Deployment', 'whiskey-tracker-worker').spec.replicas).toBe(1);
      expect(byName('PersistentVolumeClaim', 'whiskey-tracker-data').spec).toMatchObject({
        storageClassName: 'local-path',
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '20Gi' } },
      });
      expect(byName('Ingress', 'whiskey-tracker').spec.ingressClassName).toBe('traefik');
      expect(byName('Service', 'whiskey-tracker-worker').metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'whiskey-tracker',
      });
    });
  });
});

/** The labels the base's kustomization adds to every object's metadata. */
function kustomizationLabels(): Record<string, string> {
  const labels = (kustomizationOf(BASE) as { labels?: { pairs: Record<string, string> }[] }).labels ?? [];
  return Object.assign({}, ...labels.map((entry) => entry.pairs)) as Record<string, string>;
}
