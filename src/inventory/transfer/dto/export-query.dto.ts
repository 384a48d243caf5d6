import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { EXPORT_FORMATS, TRANSFER_KINDS, type ExportFormat, type TransferKind } from '../transfer-format.js';

/** Query of `GET /export`. */
export class ExportQuery {
  @ApiProperty({
    description:
      '`json`: one document; `xlsx`: one sheet per kind; `csv`: a zip of one CSV per kind, or with `kind` that one CSV',
    enum: EXPORT_FORMATS,
  })
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;

  @ApiPropertyOptional({
    description: 'Only this kind of record (all four when left out)',
    enum: TRANSFER_KINDS,
  })
  @IsOptional()
  @IsIn(TRANSFER_KINDS)
  kind?: TransferKind;
}
