import { Global, Module, type Provider } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import type { Logger as PinoInstance } from 'pino';
import { AppConfig } from '../../config/app-config.js';
import { REQUEST_ID_HEADER } from '../http/request-id.js';
import { createRootLogger } from './logger.js';

/** Injection token of the process's root pino logger (for lines that are not tied to a Nest context). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

const rootLoggerProvider: Provider = {
  provide: ROOT_LOGGER,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => createRootLogger(config),
};

@Global()
@Module({ providers: [rootLoggerProvider], exports: [rootLoggerProvider] })
class RootLoggerModule {}

/**
 * Structured logging through pino. Every line logged while serving a request carries its `reqId`;
 * the access log line itself is written by the HTTP hooks (with the route template and duration).
 */
@Module({
  imports: [
    RootLoggerModule,
    LoggerModule.forRootAsync({
      inject: [ROOT_LOGGER],
      useFactory: (logger: PinoInstance) => ({
        pinoHttp: {
          logger,
          autoLogging: false,
          quietReqLogger: true,
          genReqId: (req: IncomingMessage) => String(req.headers[REQUEST_ID_HEADER]),
        },
      }),
    }),
  ],
  exports: [RootLoggerModule],
})
export class LoggingModule {}
