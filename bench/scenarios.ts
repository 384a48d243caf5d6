import type pg from 'pg';
import { seedBottles } from './scenarios/bottle-list.js';

/** What a scenario's setup can use to prepare its data. */
export interface ScenarioContext {
  /** `http://host:port` of the application under test. */
  appOrigin: string;
  /** `http://host:port` of the bare baseline server. */
  baselineOrigin: string;
  /** A pool on the benchmark database, migrated by the application (seed rows through it). */
  db: pg.Pool;
  /** The JWT_SECRET both servers were started with, to sign tokens for authenticated endpoints. */
  jwtSecret: string;
}

/** Headers sent with every request of a scenario, to both servers (e.g. `authorization`). */
export type ScenarioHeaders = Record<string, string>;

/** One endpoint measured on the application and on the baseline server doing the same work. */
export interface Scenario {
  name: string;
  /** Path (with query) requested on the application. */
  appPath: string;
  /** Path (with query) requested on the baseline server. */
  baselinePath: string;
  /** Prepares data or credentials after both servers are ready and before the scenario is measured. */
  setup?: (context: ScenarioContext) => Promise<ScenarioHeaders>;
}

/** The scenarios `npm run bench` measures, in order. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'health/ready',
    appPath: '/health/ready',
    baselinePath: '/health/ready',
  },
  {
    name: 'bottles (25 of 10 000)',
    appPath: '/api/v1/bottles?perPage=25',
    baselinePath: '/bottles',
    setup: seedBottles,
  },
];
