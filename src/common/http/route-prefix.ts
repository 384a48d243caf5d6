import { RequestMethod, type INestApplication } from '@nestjs/common';

/** Prefix of every API route. */
export const API_PREFIX = 'api/v1';

/** Paths outside the API prefix: probes and metrics (docs, console and job board are mounted apart). */
const UNPREFIXED = [
  { path: 'health/{*rest}', method: RequestMethod.ALL },
  { path: 'metrics', method: RequestMethod.ALL },
];

/** Puts every controller under /api/v1 except the probes and the metrics endpoint. */
export function applyApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED });
}
