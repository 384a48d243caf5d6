import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { UnavailableError } from '../../common/errors/domain-error.js';
import { REDIS } from '../../redis/redis.module.js';

/** Redis key that is set while a restore replaces the database. */
const PAUSE_KEY = 'whiskey:backups:restoring';
/** The key expires unless renewed, so a restore that died does not pause writes for ever. */
const PAUSE_TTL_MS = 60_000;
const RENEW_EVERY_MS = 20_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Pauses every write of every API process while a restore runs (they answer 503), since a change
 * made then would be lost or would interleave with the restored data.
 */
@Injectable()
export class WritePause {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Runs `fn` with writes paused, then resumes them whatever happens. */
  async during<T>(runId: string, fn: () => Promise<T>): Promise<T> {
    await this.redis.set(PAUSE_KEY, runId, 'PX', PAUSE_TTL_MS);
    const renew = setInterval(() => {
      void this.redis.set(PAUSE_KEY, runId, 'PX', PAUSE_TTL_MS).catch(() => undefined);
    }, RENEW_EVERY_MS);
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await this.redis.del(PAUSE_KEY);
    }
  }

  /** The run being restored, or null when writes are not paused. */
  restoring(): Promise<string | null> {
    return this.redis.get(PAUSE_KEY);
  }
}

/** Answers 503 to writes while a restore runs. */
@Injectable()
export class WritePauseGuard implements CanActivate {
  constructor(private readonly pause: WritePause) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (SAFE_METHODS.has(request.method)) return true;
    // Redis down: the guards that need it fail anyway; do not add a second error here.
    const restoring = await this.pause.restoring().catch(() => null);
    if (restoring) {
      throw new UnavailableError(
        `A backup (${restoring}) is being restored: changes are paused until it finishes. Try again in a minute.`,
      );
    }
    return true;
  }
}
