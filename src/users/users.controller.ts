import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPaginatedResponse, mapPage, type Paginated } from '../common/pagination/paginated.js';
import { AccountSelfService, Roles } from './auth/access.decorators.js';
import { ChangePasswordDto } from './auth/dto/credentials.dto.js';
import { TokenResponseDto } from './auth/dto/token-response.dto.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from './auth/principal.js';
import { AdminUpdateUserDto } from './dto/admin-update-user.dto.js';
import { UpdateProfileDto } from './dto/update-profile.dto.js';
import { UserListQuery } from './dto/user-list-query.dto.js';
import { HouseholdUserDto, UserDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';
import { MfaEnrolmentExempt } from './mfa/mfa-enrolment.guard.js';
import { MfaService } from './mfa/mfa.service.js';
import type { User } from './user.entity.js';

/** My account, and the household admin's view of its users. */
@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly mfa: MfaService,
  ) {}

  @MfaEnrolmentExempt()
  @Get('me')
  @ApiOperation({ summary: 'My account' })
  @ApiOkResponse({ type: UserDto })
  async me(@CurrentPrincipal() principal: Principal): Promise<UserDto> {
    return UserDto.from(await this.users.get(principal.userId));
  }

  @AccountSelfService()
  @Patch('me')
  @ApiOperation({ summary: 'Change my profile (name, rating scale, locale, time zone, currency)' })
  @ApiOkResponse({ type: UserDto })
  async updateMe(@CurrentPrincipal() principal: Principal, @Body() body: UpdateProfileDto): Promise<UserDto> {
    return UserDto.from(await this.users.updateProfile(principal, body));
  }

  @AccountSelfService()
  @Post('me/password')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Change my password; every other device is signed out, this one gets new tokens' })
  @ApiOkResponse({ type: TokenResponseDto })
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangePasswordDto,
    @Origin() origin: RequestOrigin,
  ): Promise<TokenResponseDto> {
    const { tokens, user } = await this.users.changePassword(
      principal,
      body.currentPassword,
      body.newPassword,
      origin,
    );
    return TokenResponseDto.from(tokens, user);
  }

  @Roles('admin')
  @Get()
  @ApiOperation({ summary: "List the household's users (admins)" })
  @ApiPaginatedResponse(HouseholdUserDto)
  async list(@Query() query: UserListQuery): Promise<Paginated<HouseholdUserDto>> {
    const page = await this.users.list(query);
    const factors = await this.mfa.enrolledFactors(page.data.map((user) => user.id));
    return mapPage(page, (user) => HouseholdUserDto.of(user, factors.get(user.id) ?? []));
  }

  @Roles('admin')
  @Get(':id')
  @ApiOperation({ summary: 'One user of the household (admins)' })
  @ApiOkResponse({ type: HouseholdUserDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<HouseholdUserDto> {
    return this.asHouseholdUser(await this.users.get(id));
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOperation({ summary: "Change a user's role or disable them (admins; the last admin stays)" })
  @ApiOkResponse({ type: HouseholdUserDto })
  async adminUpdate(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AdminUpdateUserDto,
    @Origin() origin: RequestOrigin,
  ): Promise<HouseholdUserDto> {
    return this.asHouseholdUser(await this.users.adminUpdate(principal, id, body, origin));
  }

  private async asHouseholdUser(user: User): Promise<HouseholdUserDto> {
    const factors = await this.mfa.enrolledFactors([user.id]);
    return HouseholdUserDto.of(user, factors.get(user.id) ?? []);
  }
}
