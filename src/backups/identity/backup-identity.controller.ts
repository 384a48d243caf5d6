import { Body, Controller, Get, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../../audit/audit.service.js';
import { InstanceAdmin } from '../../users/auth/access.decorators.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../../users/auth/principal.js';
import { UsersService } from '../../users/users.service.js';
import { BackupIdentityDto, DownloadBackupIdentityDto } from '../dto/backup-identity.dto.js';
import { BackupIdentityService } from './backup-identity.service.js';

/** The instance's backup encryption identity (instance admins). */
@ApiTags('backups')
@InstanceAdmin()
@Controller('backups/identity')
export class BackupIdentityController {
  constructor(
    private readonly identity: BackupIdentityService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Whether the backup identity exists, its public recipient, and when it was last downloaded',
  })
  @ApiOkResponse({ type: BackupIdentityDto })
  async status(): Promise<BackupIdentityDto> {
    return Object.assign(new BackupIdentityDto(), await this.identity.status());
  }

  @Post('download')
  @HttpCode(HttpStatus.OK)
  @Header('content-type', 'text/plain; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="whiskey-tracker-backup-identity.txt"')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary:
      'Download the secret key that decrypts every backup, after entering your password again. Keep it safe and away from this server: backups cannot be restored without it.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'An age identity file (`age -d -i <file>` reads it)',
    schema: { type: 'string' },
  })
  async download(
    @CurrentPrincipal() principal: Principal,
    @Body() body: DownloadBackupIdentityDto,
    @Origin() origin: RequestOrigin,
  ): Promise<string> {
    await this.users.confirmPassword(principal, body.password);
    const secretKey = await this.identity.download();
    const status = await this.identity.status();
    await this.audit.record({
      action: 'backup.identity_downloaded',
      actor: principal,
      target: { type: 'backup_identity', id: status.recipient ?? 'unknown' },
      origin,
    });
    return [
      '# Whiskey Tracker backup identity. Anyone holding this file can read your backups: keep it safe.',
      `# created: ${status.createdAt?.toISOString() ?? ''}`,
      `# public key: ${status.recipient ?? ''}`,
      secretKey,
      '',
    ].join('\n');
  }
}
