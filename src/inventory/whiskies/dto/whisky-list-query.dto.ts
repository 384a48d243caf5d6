import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { listQuery } from '../../../common/pagination/list-query.js';
import { WHISKY_STYLES, type WhiskyStyle } from '../whisky.entity.js';

/**
 * Query of `GET /whiskies`: the list convention (`q` searches name, distillery and bottler
 * case-insensitively and matches a tag) plus named filters.
 */
export class WhiskyListQuery extends listQuery(
  ['name', 'createdAt', 'abv', 'ageYears', 'distillery'],
  'name',
) {
  @ApiPropertyOptional({ description: 'Only whiskies of this country (case-insensitive)', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  country?: string;

  @ApiPropertyOptional({ description: 'Only whiskies of this region (case-insensitive)', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  region?: string;

  @ApiPropertyOptional({ description: 'Only whiskies of this style', enum: WHISKY_STYLES })
  @IsOptional()
  @IsIn(WHISKY_STYLES)
  style?: WhiskyStyle;

  @ApiPropertyOptional({ description: 'Only whiskies with this tag (case-insensitive)', maxLength: 40 })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  tag?: string;

  @ApiPropertyOptional({
    description: 'The whisky with this EAN/UPC code (spaces ignored): the barcode scanner look-up',
    maxLength: 20,
    example: '5000281005416',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  barcode?: string;
}
