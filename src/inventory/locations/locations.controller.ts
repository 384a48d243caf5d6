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
import { CreateLocationDto } from './dto/create-location.dto.js';
import { LocationListQuery } from './dto/location-list-query.dto.js';
import { LocationDto } from './dto/location.dto.js';
import { UpdateLocationDto } from './dto/update-location.dto.js';
import { LocationsService } from './locations.service.js';

/** Where the household's bottles live (a cabinet, a shelf, the cellar). */
@ApiTags('locations')
@Controller('locations')
export class LocationsController {
  constructor(private readonly locations: LocationsService) {}

  @Get()
  @ApiOperation({ summary: 'List locations with the number of bottles at each' })
  @ApiPaginatedResponse(LocationDto)
  async list(@Query() query: LocationListQuery): Promise<Paginated<LocationDto>> {
    const page = await this.locations.list(query);
    return mapPage(page, (view) => LocationDto.from(view));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One location' })
  @ApiOkResponse({ type: LocationDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<LocationDto> {
    return LocationDto.from(await this.locations.get(id));
  }

  @Post()
  @ApiOperation({ summary: 'Add a location (names are unique in the household)' })
  @ApiCreatedResponse({ type: LocationDto })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateLocationDto,
    @Origin() origin: RequestOrigin,
  ): Promise<LocationDto> {
    return LocationDto.from(await this.locations.create(principal, body, origin));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename or describe a location (send its version)' })
  @ApiOkResponse({ type: LocationDto })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateLocationDto,
    @Origin() origin: RequestOrigin,
  ): Promise<LocationDto> {
    return LocationDto.from(await this.locations.update(principal, id, body, origin));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a location; refused with 409 while bottles are there' })
  @ApiNoContentResponse()
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.locations.remove(principal, id, origin);
  }
}
