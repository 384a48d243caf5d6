import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { problemResponse } from '../../common/errors/problem-response.js';
import { InstanceAdmin } from '../auth/access.decorators.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../auth/principal.js';
import {
  PasswordLoginSettingsDto,
  UpdatePasswordLoginSettingsDto,
} from './dto/password-login-settings.dto.js';
import { PasswordLoginPolicy } from './password-login-policy.service.js';

/** Who may sign in with a password: everyone, or only admins once single sign-on is in place. */
@ApiTags('settings')
@InstanceAdmin()
@Controller('settings/password-login')
export class PasswordLoginSettingsController {
  constructor(private readonly policy: PasswordLoginPolicy) {}

  @Get()
  @ApiOperation({ summary: 'Who may sign in with a password (instance admins)' })
  @ApiOkResponse({ type: PasswordLoginSettingsDto })
  async get(): Promise<PasswordLoginSettingsDto> {
    const { value, version } = await this.policy.mode();
    return { mode: value, version };
  }

  @Put()
  @ApiOperation({
    summary:
      'Set who may sign in with a password: everyone, or admins only (others use single sign-on) (instance admins)',
  })
  @ApiOkResponse({ type: PasswordLoginSettingsDto })
  @ApiResponse({ status: 409, ...problemResponse('Stale version') })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Body() body: UpdatePasswordLoginSettingsDto,
    @Origin() origin: RequestOrigin,
  ): Promise<PasswordLoginSettingsDto> {
    const { value, version } = await this.policy.setMode(principal, body.mode, body.version, origin);
    return { mode: value, version };
  }
}
