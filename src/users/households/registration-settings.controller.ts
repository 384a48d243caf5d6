import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../../audit/audit.service.js';
import { SettingsService } from '../../settings/settings.service.js';
import { InstanceAdmin } from '../auth/access.decorators.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../auth/principal.js';
import { RegistrationService } from '../auth/registration.service.js';
import { RegistrationSettingsDto, UpdateRegistrationSettingsDto } from './dto/registration-settings.dto.js';
import { REGISTRATION_MODE_SETTING } from './registration-mode.js';

@ApiTags('settings')
@InstanceAdmin()
@Controller('settings/registration')
export class RegistrationSettingsController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Who may create accounts (instance admins)' })
  @ApiOkResponse({ type: RegistrationSettingsDto })
  async get(): Promise<RegistrationSettingsDto> {
    const { value, version } = await this.registration.mode();
    return { mode: value, version };
  }

  @Put()
  @ApiOperation({ summary: 'Set who may create accounts: open, invite or closed (instance admins)' })
  @ApiOkResponse({ type: RegistrationSettingsDto })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Body() body: UpdateRegistrationSettingsDto,
    @Origin() origin: RequestOrigin,
  ): Promise<RegistrationSettingsDto> {
    const { value, version } = await this.settings.set(REGISTRATION_MODE_SETTING, body.mode, body.version);
    await this.audit.record({
      action: 'settings.registration_changed',
      actor: principal,
      origin,
      details: { mode: value },
    });
    return { mode: value, version };
  }
}
