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
  Query,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPaginatedResponse, mapPage, type Paginated } from '../../common/pagination/paginated.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../../users/auth/principal.js';
import type { Pour } from './pour.entity.js';
import { CreatePourDto } from './dto/create-pour.dto.js';
import { BottlePourListQuery, PourListQuery } from './dto/pour-list-query.dto.js';
import { PourDto } from './dto/pour.dto.js';
import { PoursService } from './pours.service.js';

const page = (pours: Paginated<Pour>): Paginated<PourDto> => mapPage(pours, (pour) => PourDto.from(pour));

/** The pour ledger: pours from a bottle, the household's pours, and undoing a pour. */
@ApiTags('pours')
@Controller()
export class PoursController {
  constructor(private readonly pours: PoursService) {}

  @Post('bottles/:id/pours')
  @ApiOperation({
    summary: 'Pour from a bottle (422 beyond what remains); the first pour opens it, the last finishes it',
  })
  @ApiCreatedResponse({ type: PourDto })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) bottleId: string,
    @Body() body: CreatePourDto,
    @Origin() origin: RequestOrigin,
  ): Promise<PourDto> {
    return PourDto.from(await this.pours.create(principal, bottleId, body, origin));
  }

  @Get('bottles/:id/pours')
  @ApiOperation({ summary: "List a bottle's pours" })
  @ApiPaginatedResponse(PourDto)
  async listForBottle(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) bottleId: string,
    @Query() query: BottlePourListQuery,
  ): Promise<Paginated<PourDto>> {
    return page(await this.pours.listForBottle(principal, bottleId, query));
  }

  @Get('pours')
  @ApiOperation({ summary: "List the household's pours across bottles (`q` searches their notes)" })
  @ApiPaginatedResponse(PourDto)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PourListQuery,
  ): Promise<Paginated<PourDto>> {
    return page(await this.pours.list(principal, query));
  }

  @Delete('pours/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Undo a pour: its ml go back into the bottle (409 for pours of an infinity addition or a tasting session)',
  })
  @ApiNoContentResponse()
  delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.pours.delete(principal, id, origin);
  }
}
