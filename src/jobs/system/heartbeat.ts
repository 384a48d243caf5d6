/** Redis key holding the time (ms since epoch) a worker last processed a heartbeat job. */
export const HEARTBEAT_KEY = 'whiskey:worker:heartbeat';
/** How often workers record a heartbeat. */
export const HEARTBEAT_EVERY_MS = 60_000;
