import { Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { problemResponse } from '../../common/errors/problem-response.js';
import { Roles } from '../auth/access.decorators.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../auth/principal.js';
import { MfaResetDto } from './dto/mfa-reset.dto.js';
import { MfaService } from './mfa.service.js';

/** A household admin's help for a member who lost their authenticator and recovery codes. */
@ApiTags('users')
@Controller('users')
export class MfaAdminController {
  constructor(private readonly mfa: MfaService) {}

  @Roles('admin')
  @Post(':id/mfa/reset')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Turn a member's two-factor sign-in off and tell them by mail (household admins)",
  })
  @ApiOkResponse({ type: MfaResetDto })
  @ApiResponse({ status: 403, ...problemResponse('Not an admin, or my own account (use disable)') })
  @ApiResponse({ status: 404, ...problemResponse('No such user in my household') })
  @ApiResponse({ status: 409, ...problemResponse('The user has no two-factor sign-in') })
  async reset(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<MfaResetDto> {
    return { userNotified: await this.mfa.reset(principal, id, origin) };
  }
}
