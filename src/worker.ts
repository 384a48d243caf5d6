import 'reflect-metadata';
import { boot } from './boot.js';

/** A process that only consumes queue jobs (APP_ROLE=worker); it serves /health and /metrics alone. */
await boot('worker');
