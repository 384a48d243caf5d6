import { pino, type Logger } from 'pino';
import type { AppConfig } from '../../config/app-config.js';

/**
 * Paths of log fields that may carry secrets; their values are replaced by `[redacted]`.
 * Request bodies are never logged, so these cover headers and objects passed to the logger.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  '*.jwtSecret',
  '*.secretAccessKey',
  '*.privateKey',
  '*.passphrase',
];

/** The process's root logger: JSON lines in production, pretty single lines in development. */
export function createRootLogger(config: AppConfig): Logger {
  return pino({
    level: config.logLevel,
    base: { role: config.role },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(config.env === 'development'
      ? {
          transport: {
            target: 'pino-pretty',
            options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' },
          },
        }
      : {}),
  });
}
