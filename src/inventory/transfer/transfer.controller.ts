import {
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  Req,
  StreamableFile,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from '../../common/errors/problem-details.js';
import { problemResponse } from '../../common/errors/problem-response.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../../users/auth/principal.js';
import { CollectionExportService } from './collection-export.service.js';
import { CollectionImportService } from './collection-import.service.js';
import { CollectionDocumentDto } from './dto/collection-rows.dto.js';
import { ExportQuery } from './dto/export-query.dto.js';
import { ImportRejectedDto, ImportReportDto } from './dto/import-report.dto.js';
import { XLSX_CONTENT_TYPE } from './export-writers.js';
import { ImportRejectedFilter } from './import-rejected.filter.js';
import { IMPORT_LIMIT_BYTES, readImportUpload } from './import-upload.js';
import { TRANSFER_KINDS } from './transfer-format.js';

const FORMAT_DESCRIPTION = `
The file holds the household's locations, whiskies, bottles and pours, in that order (each kind refers
only to kinds before it). Infinity bottles and their entries are not part of the format for now; a pour
into an infinity bottle appears as a pour of its source bottle.

Every row has an \`id\`: the record's externalId when it has one, else its database id. References
(\`whiskyId\`, \`locationId\`, \`bottleId\`) use these ids. Columns are the fields of the API's records
(no household, version or timestamps; pours carry \`pouredAt\`). A bottle's \`currentVolumeMl\` is its
size minus its pours.

- **json**: one document \`{ "format": "whiskey-tracker", "version": 1, "exportedAt", "locations": […],
  "whiskies": […], "bottles": […], "pours": […] }\`; lists are arrays.
- **csv**: UTF-8 (with a byte order mark, for Excel), header row, CRLF; without \`kind\` a zip of
  locations.csv, whiskies.csv, bottles.csv and pours.csv. Lists (barcodes, tags, caskTypes) are one
  \`;\`-separated cell; booleans are true/false.
- **xlsx**: one sheet per kind, header in the first row; numbers and booleans are typed cells, dates
  are text (YYYY-MM-DD, pour times ISO 8601).

In CSV and XLSX, a text cell that would start with \`=\`, \`+\`, \`-\`, \`@\`, a tab or a carriage return
gets a leading \`'\` (OWASP CSV injection), which an import removes again.`;

/** Export and import of the household's whole collection as files. */
@ApiTags('transfer')
@Controller()
export class TransferController {
  constructor(
    private readonly exporter: CollectionExportService,
    private readonly importer: CollectionImportService,
  ) {}

  @Get('export')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Download the collection as JSON, XLSX or CSV (a zip, or one kind), streamed',
    description: `${FORMAT_DESCRIPTION}\n\nRead-only users may export. Every export is recorded in the audit trail.`,
  })
  @ApiProduces('application/json', 'application/zip', 'text/csv', XLSX_CONTENT_TYPE)
  @ApiExtraModels(CollectionDocumentDto)
  @ApiOkResponse({
    description:
      'The file, as an attachment named like `whiskey-tracker-2026-11-26.zip` (`whiskey-tracker-bottles-2026-11-26.csv` with a kind)',
    headers: {
      'Content-Disposition': { description: 'attachment; filename="…"', schema: { type: 'string' } },
    },
    content: {
      'application/json': { schema: { $ref: getSchemaPath(CollectionDocumentDto) } },
      'application/zip': { schema: { type: 'string', format: 'binary' } },
      'text/csv': { schema: { type: 'string' } },
      [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  async export(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ExportQuery,
    @Origin() origin: RequestOrigin,
  ): Promise<StreamableFile> {
    const file = await this.exporter.export(principal, query, origin);
    return new StreamableFile(file.stream, {
      type: file.contentType,
      disposition: `attachment; filename="${file.fileName}"`,
    });
  }

  @Post('import')
  @HttpCode(HttpStatus.OK)
  @UseFilters(ImportRejectedFilter)
  @ApiOperation({
    summary:
      'Import a collection file (JSON, XLSX, zip of CSVs or one CSV): all or nothing; dryRun only checks',
    description: `Reads any file \`GET /export\` writes, recognised from its content (not its name): a zip
(an xlsx workbook or a zip of CSVs), a JSON export, or a single CSV, whose kind the field \`kind\` names.
Other content is refused with 415, a file over ${IMPORT_LIMIT_BYTES / 2 ** 20} MiB with 413, a damaged zip,
invalid JSON or broken CSV with 400. A text file that is not a collection CSV (whatever its name, e.g. .xlsx)
is read as CSV and refused with 400.

Every row is checked with the rules of the API (types, enums, ranges, barcodes, references to ids of the
file or of the household, duplicate barcodes and names, pours within their bottle's size). \`dryRun=true\`
answers the report and writes nothing. A real import writes nothing when the file has any error (422, with
the report) and otherwise writes it all in one transaction.

A row updates the record whose externalId (or, for files of this household, database id) is its \`id\`;
locations are also matched by name and whiskies by barcode and name. New records keep the row's \`id\` as
their externalId, so importing a file twice changes nothing the second time. Columns a file leaves out are
left as they are; an empty cell clears a field. Pours are written as ledger entries and every touched
bottle's volume recomputed (size − pours); a stated \`currentVolumeMl\` must agree.
${FORMAT_DESCRIPTION}`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'The collection file' },
        dryRun: {
          type: 'string',
          enum: ['true', 'false'],
          default: 'false',
          description: '`true`: only check and report',
        },
        kind: { type: 'string', enum: [...TRANSFER_KINDS], description: 'The kind a single CSV holds' },
      },
    },
  })
  @ApiOkResponse({ type: ImportReportDto, description: 'Imported (or, with dryRun, checked): the report' })
  @ApiExtraModels(ImportRejectedDto)
  @ApiResponse({
    status: 422,
    description: 'The file has errors; nothing was imported. A problem document with the report',
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ImportRejectedDto) } } },
  })
  @ApiResponse({
    status: 400,
    ...problemResponse('Not a readable file: damaged zip, invalid JSON, broken CSV, bad form'),
  })
  @ApiResponse({ status: 413, ...problemResponse(`Larger than ${IMPORT_LIMIT_BYTES / 2 ** 20} MiB`) })
  @ApiResponse({ status: 415, ...problemResponse('Not multipart, or a file in none of the formats') })
  async import(
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
    @Origin() origin: RequestOrigin,
  ): Promise<ImportReportDto> {
    const upload = await readImportUpload(request);
    return this.importer.import(principal, upload, origin);
  }
}
