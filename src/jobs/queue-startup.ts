import { getQueueToken } from '@nestjs/bull';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { QUEUES } from './queues.js';

/** Bull's blocking connection (used by workers only); the property is created on first access. */
type WithBlockingClient = Queue & { bclient: Redis };

function blockingClientReady(queue: WithBlockingClient): Promise<void> {
  const client = queue.bclient;
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolvePromise, reject) => {
    client.once('ready', () => resolvePromise());
    client.once('end', () =>
      reject(new Error(`Redis connection of queue ${queue.name} ended while starting`)),
    );
  });
}

/**
 * Holds the application's start until every queue's Redis connections are up and, in worker
 * processes, Bull's processing loop has started. Bull starts that loop without anyone awaiting it; a
 * shutdown in the middle of it would otherwise end in an unhandled "Connection is closed" rejection.
 */
@Injectable()
export class QueueStartup implements OnApplicationBootstrap {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(
      Object.values(QUEUES).map(async (name) => {
        const queue = this.moduleRef.get<WithBlockingClient>(getQueueToken(name), { strict: false });
        await queue.isReady();
        if (!this.config.runsWorker) return;
        // Commands on one connection complete in order: once this PING answers, the processing loop's
        // first command on the same client has completed too, and it moves on to the blocking client.
        await queue.client.ping();
        await blockingClientReady(queue);
      }),
    );
  }
}
