import { Body, Controller, Get, Module, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { NotFoundError } from '../../src/common/errors/domain-error.js';
import { Public } from '../../src/common/http/public.decorator.js';
import { listQuery, toFindOptions } from '../../src/common/pagination/list-query.js';
import { paginated, type Paginated } from '../../src/common/pagination/paginated.js';
import { SettingsService } from '../../src/settings/settings.service.js';

/**
 * Routes that tests mount next to the application to exercise its cross-cutting contracts (validation,
 * list convention, errors, versioning, metrics labels) before the domain modules exist. Not part of the app.
 */
class ShopDto {
  @IsString()
  @Length(1, 50)
  name: string;
}

class ProbeBottleDto {
  @IsString()
  @Length(1, 100)
  name: string;

  @IsInt()
  @Min(50)
  @Max(5000)
  sizeMl: number;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  tags?: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => ShopDto)
  shop?: ShopDto;
}

class ProbeListQuery extends listQuery(['name', 'createdAt'], 'createdAt', 'DESC') {
  @IsOptional()
  @IsIn(['sealed', 'open'])
  status?: 'sealed' | 'open';
}

class SettingBody {
  @IsString()
  value: string;

  @IsInt()
  @Min(0)
  version: number;
}

/** Public: these probes exercise the HTTP contracts, not authentication (which has tests of its own). */
@Public()
@Controller('probe')
class ProbeController {
  constructor(private readonly settings: SettingsService) {}

  @Post('bottles')
  create(@Body() body: ProbeBottleDto): ProbeBottleDto {
    return body;
  }

  @Get('bottles')
  list(@Query() query: ProbeListQuery): Paginated<unknown> {
    return paginated([{ query, find: toFindOptions(query) }], 1);
  }

  @Get('bottles/:id')
  one(@Param('id', ParseIntPipe) id: number): { id: number } {
    if (id > 1000) throw new NotFoundError(`Bottle ${id} does not exist`);
    return { id };
  }

  @Get('boom')
  boom(): never {
    throw new Error('internal secret detail at /srv/app/db.ts');
  }

  @Put('settings/:key')
  async setting(@Param('key') key: string, @Body() body: SettingBody): Promise<unknown> {
    return this.settings.set(`probe.${key}`, body.value, body.version);
  }
}

@Module({ controllers: [ProbeController] })
export class ContractProbeModule {}
