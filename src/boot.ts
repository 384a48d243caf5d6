import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as AppLogger } from 'nestjs-pino';
import type { AppConfig } from './config/app-config.js';
import { ConfigError } from './config/config.error.js';
import type { AppRole } from './config/environment.schema.js';
import { loadConfig } from './config/load-config.js';
import { createHttpApp } from './http-app.js';
import { startLocalServices } from './local-services.js';
import { unsupportedNodeMessage } from './node-version.js';
import { messageOf } from './common/errors/message-of.js';

function fail(message: string): never {
  process.stderr.write(`whiskey-tracker: ${message}\n`);
  process.exit(1);
}

function assertNodeVersion(): void {
  const unsupported = unsupportedNodeMessage('npm start');
  if (unsupported) fail(unsupported);
}

/**
 * Runs one process of the application: validates the configuration, starts local services when
 * needed, serves HTTP (a worker serves only its probes and metrics) and shuts down gracefully on
 * SIGTERM/SIGINT, exiting 0 once in-flight requests and the active job are done.
 */
export async function boot(roleOverride?: AppRole): Promise<void> {
  assertNodeVersion();
  let config: AppConfig;
  try {
    config = loadConfig(process.env, {
      warn: (message) => process.stderr.write(`whiskey-tracker: warning: ${message}\n`),
    });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  if (roleOverride) config = config.withRole(roleOverride);

  const log = (message: string): void => void process.stderr.write(`whiskey-tracker: ${message}\n`);
  let services;
  try {
    services = await startLocalServices(config, log);
  } catch (error) {
    fail(messageOf(error));
  }

  let app: NestFastifyApplication;
  try {
    app = await createHttpApp(services.config);
  } catch (error) {
    await services.stop().catch(() => undefined);
    fail(`cannot start: ${messageOf(error)}`);
  }

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    app.get(AppLogger).log(`Received ${signal}; shutting down gracefully`);
    const timer = setTimeout(() => fail('graceful shutdown timed out; exiting'), config.shutdownTimeoutMs);
    timer.unref();
    void app
      .close()
      .then(() => services.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => fail(`error during shutdown: ${String(error)}`),
      );
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, shutdown);

  await app.listen({ port: config.http.port, host: config.http.host });
  app.get(AppLogger).log(`Whiskey Tracker (${config.role}) listening on ${await app.getUrl()}`);
}
