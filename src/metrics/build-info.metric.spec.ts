import { PACKAGE } from '../common/package-info.js';
import { loadConfig } from '../config/load-config.js';
import { BuildInfoMetric } from './build-info.metric.js';
import { MetricsService } from './metrics.service.js';

describe('whiskey_build_info', () => {
  const environment = { NODE_ENV: 'test', JWT_SECRET: 'test-secret-test-secret-test-secret-0123' };

  it('carries the commit named by BUILD_COMMIT', async () => {
    const metrics = new MetricsService();
    new BuildInfoMetric(metrics, loadConfig({ ...environment, BUILD_COMMIT: '3f9c2ab' }));
    expect(await metrics.registry.getSingleMetricAsString('whiskey_build_info')).toContain(
      `whiskey_build_info{version="${PACKAGE.version}",commit="3f9c2ab",node="${process.version}"} 1`,
    );
  });

  it('refuses a BUILD_COMMIT that is not a commit-like word', () => {
    expect(() => loadConfig({ ...environment, BUILD_COMMIT: 'abc" evil="1' })).toThrow(/BUILD_COMMIT/);
  });
});
