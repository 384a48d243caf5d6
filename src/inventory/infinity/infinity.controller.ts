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
import { InfinityBottleListQuery } from './dto/infinity-bottle-list-query.dto.js';
import {
  CreateInfinityBottleDto,
  InfinityBottleDetailDto,
  InfinityBottleDto,
  UpdateInfinityBottleDto,
} from './dto/infinity-bottle.dto.js';
import { AddToInfinityBottleDto, PourFromInfinityBottleDto } from './dto/infinity-entry.dto.js';
import { InfinityService, type InfinityBottleContents } from './infinity.service.js';

function detail({ bottle, entries, contents }: InfinityBottleContents): InfinityBottleDetailDto {
  return InfinityBottleDetailDto.detail(bottle, entries, contents);
}

/** Infinity bottles: vessels fed with drams of the collection's bottles, and their computed blend. */
@ApiTags('infinity bottles')
@Controller('infinity-bottles')
export class InfinityController {
  constructor(private readonly infinity: InfinityService) {}

  @Get()
  @ApiOperation({ summary: "List the household's infinity bottles with what each holds" })
  @ApiPaginatedResponse(InfinityBottleDto)
  async list(@Query() query: InfinityBottleListQuery): Promise<Paginated<InfinityBottleDto>> {
    const page = await this.infinity.list(query);
    return mapPage(page, ({ bottle, volumeMl }) => InfinityBottleDto.from(bottle, volumeMl));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One infinity bottle: its blend, estimated strength and history' })
  @ApiOkResponse({ type: InfinityBottleDetailDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<InfinityBottleDetailDto> {
    return detail(await this.infinity.get(id));
  }

  @Post()
  @ApiOperation({ summary: 'Start an infinity bottle (it starts empty)' })
  @ApiCreatedResponse({ type: InfinityBottleDetailDto })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateInfinityBottleDto,
    @Origin() origin: RequestOrigin,
  ): Promise<InfinityBottleDetailDto> {
    return detail(await this.infinity.create(principal, body, origin));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename an infinity bottle or change its capacity (not below what it holds)' })
  @ApiOkResponse({ type: InfinityBottleDetailDto })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateInfinityBottleDto,
    @Origin() origin: RequestOrigin,
  ): Promise<InfinityBottleDetailDto> {
    return detail(await this.infinity.update(principal, id, body, origin));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete an empty infinity bottle and its history' })
  @ApiNoContentResponse()
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.infinity.delete(principal, id, origin);
  }

  @Post(':id/additions')
  @ApiOperation({
    summary:
      "Pour from a bottle of the collection into the infinity bottle (recorded in the bottle's ledger)",
  })
  @ApiCreatedResponse({ type: InfinityBottleDetailDto })
  async add(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AddToInfinityBottleDto,
    @Origin() origin: RequestOrigin,
  ): Promise<InfinityBottleDetailDto> {
    return detail(await this.infinity.add(principal, id, body, origin));
  }

  @Post(':id/pours')
  @ApiOperation({ summary: 'Pour a dram out of the infinity bottle' })
  @ApiCreatedResponse({ type: InfinityBottleDetailDto })
  async pour(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: PourFromInfinityBottleDto,
    @Origin() origin: RequestOrigin,
  ): Promise<InfinityBottleDetailDto> {
    return detail(await this.infinity.pour(principal, id, body, origin));
  }

  @Delete(':id/entries/:entryId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: "Undo the infinity bottle's latest entry (an addition goes back into its source bottle)",
  })
  @ApiNoContentResponse()
  undo(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('entryId', ParseUUIDPipe) entryId: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.infinity.undo(principal, id, entryId, origin);
  }
}
