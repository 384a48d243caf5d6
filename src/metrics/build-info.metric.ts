import { Injectable } from '@nestjs/common';
import { PACKAGE } from '../common/package-info.js';
import { AppConfig } from '../config/app-config.js';
import { MetricsService } from './metrics.service.js';

/**
 * Exposes `whiskey_build_info{version,commit,node} 1`, the usual info-metric idiom: the value is
 * always 1 and the labels say what runs, so dashboards can show the version and queries can join it
 * (`* on(instance) group_left(version) whiskey_build_info`). One series per process: bounded.
 */
@Injectable()
export class BuildInfoMetric {
  constructor(metrics: MetricsService, config: AppConfig) {
    metrics
      .gauge({
        name: 'whiskey_build_info',
        help: 'Always 1; the labels name the running version (package.json), commit (BUILD_COMMIT) and Node.js version.',
        labelNames: ['version', 'commit', 'node'] as const,
      })
      .set({ version: PACKAGE.version, commit: config.metrics.buildCommit, node: process.version }, 1);
  }
}
