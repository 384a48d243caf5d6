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
import { CreateWhiskyDto } from './dto/create-whisky.dto.js';
import { UpdateWhiskyDto } from './dto/update-whisky.dto.js';
import { WhiskyListQuery } from './dto/whisky-list-query.dto.js';
import { WhiskyDto } from './dto/whisky.dto.js';
import { WhiskiesService } from './whiskies.service.js';

/** The household's whiskies: expressions as sold, of which it may own bottles. */
@ApiTags('whiskies')
@Controller('whiskies')
export class WhiskiesController {
  constructor(private readonly whiskies: WhiskiesService) {}

  @Get()
  @ApiOperation({
    summary:
      'List whiskies: search by name, distillery, bottler or tag, filter, or look up a scanned barcode',
  })
  @ApiPaginatedResponse(WhiskyDto)
  async list(@Query() query: WhiskyListQuery): Promise<Paginated<WhiskyDto>> {
    const page = await this.whiskies.list(query);
    return mapPage(page, (view) => WhiskyDto.from(view));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One whisky' })
  @ApiOkResponse({ type: WhiskyDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<WhiskyDto> {
    return WhiskyDto.from(await this.whiskies.get(id));
  }

  @Post()
  @ApiOperation({ summary: 'Add a whisky; a barcode already used in the household is refused with 409' })
  @ApiCreatedResponse({ type: WhiskyDto })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateWhiskyDto,
    @Origin() origin: RequestOrigin,
  ): Promise<WhiskyDto> {
    return WhiskyDto.from(await this.whiskies.create(principal, body, origin));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a whisky (send its version); barcodes, when sent, replace the set' })
  @ApiOkResponse({ type: WhiskyDto })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateWhiskyDto,
    @Origin() origin: RequestOrigin,
  ): Promise<WhiskyDto> {
    return WhiskyDto.from(await this.whiskies.update(principal, id, body, origin));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a whisky and its barcodes; refused with 409 while bottles of it exist' })
  @ApiNoContentResponse()
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.whiskies.remove(principal, id, origin);
  }
}
