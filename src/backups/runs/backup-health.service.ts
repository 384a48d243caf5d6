import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { BackupPhotoObject } from '../backup-photo-object.entity.js';
import { BackupRun } from '../backup-run.entity.js';
import type { BackupHealthDto, BackupTargetUsageDto } from '../dto/backup-health.dto.js';
import { isComplete } from './run-state.js';

/** The newest verified backup, the last failure and the storage used per target. */
@Injectable()
export class BackupHealthService {
  constructor(private readonly em: EntityManager) {}

  async health(): Promise<BackupHealthDto> {
    const em = this.em.fork();
    const [verified, failed, kept, photos] = await Promise.all([
      em.findOne(BackupRun, { status: 'verified', prunedAt: null }, { orderBy: { finishedAt: 'desc' } }),
      em.findOne(BackupRun, { status: 'failed' }, { orderBy: { finishedAt: 'desc' } }),
      em.find(BackupRun, { status: { $in: ['succeeded', 'verified'] }, prunedAt: null }),
      em
        .getConnection()
        .execute<{ target_id: string; bytes: string }[]>(
          `select target_id, sum(size)::text as bytes from ${em.getMetadata(BackupPhotoObject).tableName} group by target_id`,
        ),
    ]);
    const usage = new Map<string, BackupTargetUsageDto>();
    for (const run of kept.filter(isComplete)) {
      const ownBytes = (run.sizeBytes ?? 0) - (run.manifest?.photos.bytes ?? 0);
      for (const target of run.targets.filter((result) => result.status === 'complete')) {
        const entry = usage.get(target.providerId) ?? {
          providerId: target.providerId,
          providerName: target.providerName,
          bytes: 0,
        };
        entry.bytes += ownBytes;
        usage.set(target.providerId, entry);
      }
    }
    for (const row of photos) {
      const entry = usage.get(row.target_id);
      if (entry) entry.bytes += Number(row.bytes);
    }
    return {
      newestVerified: verified && {
        runId: verified.id,
        policyName: verified.policyName,
        finishedAt: verified.finishedAt ?? verified.createdAt,
      },
      lastFailure: failed && {
        runId: failed.id,
        policyName: failed.policyName,
        finishedAt: failed.finishedAt ?? failed.createdAt,
        error: failed.error ?? null,
      },
      targets: [...usage.values()],
    };
  }
}
