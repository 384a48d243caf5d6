import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../auth/principal.js';
import { CreateInviteDto, CreatedInviteDto, InviteDto } from './dto/invite.dto.js';
import { InvitesService } from './invites.service.js';

@ApiTags('households')
@Roles('admin')
@Controller('invites')
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  @Get()
  @ApiOperation({ summary: "List my household's invites (admins)" })
  @ApiOkResponse({ type: [InviteDto] })
  async list(): Promise<InviteDto[]> {
    return (await this.invites.list()).map((invite) => InviteDto.from(invite));
  }

  @Post()
  @ApiOperation({ summary: 'Invite someone into my household (admins); the link is shown once' })
  @ApiCreatedResponse({ type: CreatedInviteDto })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateInviteDto,
    @Origin() origin: RequestOrigin,
  ): Promise<CreatedInviteDto> {
    const { invite, token, link } = await this.invites.create(principal, body, origin);
    return Object.assign(new CreatedInviteDto(), InviteDto.from(invite), { token, link });
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke an open invite (admins)' })
  @ApiNoContentResponse()
  revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.invites.revoke(principal, id, origin);
  }
}
