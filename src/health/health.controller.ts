import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/http/public.decorator.js';
import { DependencyIndicators } from './health.indicators.js';

/** Liveness and readiness probes for Docker, Kubernetes and uptime monitors. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dependencies: DependencyIndicators,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up and its event loop answers' })
  @ApiResponse({ status: 200, description: 'The process is alive' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer within 1 s and migrations are applied' })
  @ApiResponse({ status: 200, description: 'Ready to serve requests' })
  @ApiResponse({ status: 503, description: 'Not ready; `error` names the failing components' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.dependencies.database(),
        () => this.dependencies.redisServer(),
        () => this.dependencies.migrations(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE).header('cache-control', 'no-store');
      return error.getResponse() as HealthCheckResult;
    }
  }
}
