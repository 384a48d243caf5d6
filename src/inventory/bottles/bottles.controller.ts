import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiPaginatedResponse, mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../../users/auth/principal.js';
import { BottlesService, type BottleWithLedger } from './bottles.service.js';
import { BottleListQuery } from './dto/bottle-list-query.dto.js';
import { BottleDetailDto, BottleDto } from './dto/bottle.dto.js';
import { CreateBottleDto } from './dto/create-bottle.dto.js';
import { UpdateBottleDto } from './dto/update-bottle.dto.js';

const detail = ({ bottle, ...ledger }: BottleWithLedger): BottleDetailDto =>
  BottleDetailDto.withLedger(bottle, ledger);

/** The household's bottles. Their volume changes only through pours (see the pours routes). */
@ApiTags('bottles')
@Controller('bottles')
export class BottlesController {
  constructor(private readonly bottles: BottlesService) {}

  @Get()
  @ApiOperation({
    summary: 'List bottles with their whisky and location (filter by status, whisky, location)',
  })
  @ApiPaginatedResponse(BottleDto)
  async list(@Query() query: BottleListQuery): Promise<Paginated<BottleDto>> {
    const page = await this.bottles.list(query);
    return mapPage(page, (bottle) => BottleDto.from(bottle));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One bottle, with the totals of its pour ledger' })
  @ApiOkResponse({ type: BottleDetailDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<BottleDetailDto> {
    return detail(await this.bottles.get(id));
  }

  @Post()
  @ApiOperation({
    summary:
      'Add a bottle; an open one with less than its size left gets a correction pour for the difference',
  })
  @ApiCreatedResponse({ type: BottleDetailDto })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateBottleDto,
    @Origin() origin: RequestOrigin,
  ): Promise<BottleDetailDto> {
    return detail(await this.bottles.create(principal, body, origin));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a bottle: location, prices, notes, status (by the allowed transitions)' })
  @ApiOkResponse({ type: BottleDetailDto })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateBottleDto,
    @Origin() origin: RequestOrigin,
  ): Promise<BottleDetailDto> {
    return detail(await this.bottles.update(principal, id, body, origin));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a bottle and its pours' })
  @ApiNoContentResponse()
  delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.bottles.delete(principal, id, origin);
  }
}
