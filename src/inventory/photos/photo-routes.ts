import {
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  ParseEnumPipe,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import { problemResponse } from '../../common/errors/problem-response.js';
import { parseByteRange, RangeNotSatisfiableError } from '../../common/http/byte-range.js';
import { readMultipartForm } from '../../common/http/multipart-form.js';
import { CurrentPrincipal, type Principal } from '../../users/auth/principal.js';
import { PhotoDto, type PhotoOwnerPath } from './dto/photo.dto.js';
import { PHOTO_VARIANTS, type PhotoVariant } from './photo-blobs.js';
import { PHOTO_CONTENT_TYPES } from './photo-image.js';
import type { Photo } from './photo.entity.js';
import { PhotosService, type PhotoOwner } from './photos.service.js';

/** Files are content-addressed: a variant's bytes never change under its URL. */
const CACHE_CONTROL = 'private, max-age=31536000, immutable';

/**
 * The photo routes of one kind of owner (`/bottles/:id/photos`, `/whiskies/:id/photos`). Each owner's
 * controller extends this class with its path; the routes are the same.
 */
export abstract class PhotoRoutes {
  protected abstract readonly owner: PhotoOwner['kind'];
  /** The owner's collection path under the API prefix, e.g. `bottles`. */
  protected abstract readonly path: PhotoOwnerPath;

  // Explicit tokens: an undecorated abstract class gets no constructor type metadata to inject by.
  constructor(
    @Inject(PhotosService) private readonly photos: PhotosService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Upload a photo (JPEG, PNG, WebP or AVIF); thumbnails follow a few seconds later',
    description: `The type is decided by the file's bytes, never its name. The image is turned upright, scaled to at
most 2560 px and stored without any metadata (EXIF and GPS are removed). The answer (202) shows the photo as
\`processing\` until its 256 and 768 px thumbnails exist. Over PHOTO_MAX_MB (default 15 MiB): 413; not an image
read here: 415; more than 100 megapixels or undecodable: 422.`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'The image' } },
    },
  })
  @ApiAcceptedResponse({ type: PhotoDto })
  @ApiResponse({ status: 413, ...problemResponse('Larger than PHOTO_MAX_MB') })
  @ApiResponse({ status: 415, ...problemResponse('Not multipart, or not a JPEG, PNG, WebP or AVIF image') })
  @ApiResponse({
    status: 422,
    ...problemResponse('A pixel bomb (over 100 megapixels) or an image that cannot be decoded'),
  })
  async upload(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PhotoDto> {
    const { file } = await readMultipartForm(request, {
      maxFileBytes: this.config.photos.maxUploadBytes,
      what: 'photo',
    });
    return this.toDto(id, await this.photos.upload(principal, { kind: this.owner, id }, file));
  }

  @Get()
  @ApiOperation({ summary: 'List the photos, cover first' })
  @ApiOkResponse({ type: [PhotoDto] })
  async list(@Param('id', ParseUUIDPipe) id: string): Promise<PhotoDto[]> {
    const photos = await this.photos.list({ kind: this.owner, id });
    return photos.map((photo) => this.toDto(id, photo));
  }

  @Get(':photoId')
  @ApiOperation({ summary: 'Get one photo (its state and the addresses of its files)' })
  @ApiOkResponse({ type: PhotoDto })
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('photoId', ParseUUIDPipe) photoId: string,
  ): Promise<PhotoDto> {
    return this.toDto(id, await this.photos.get({ kind: this.owner, id }, photoId));
  }

  @Post(':photoId/cover')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Make this photo the cover shown in lists' })
  @ApiOkResponse({ type: PhotoDto })
  async setCover(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('photoId', ParseUUIDPipe) photoId: string,
  ): Promise<PhotoDto> {
    return this.toDto(id, await this.photos.setCover({ kind: this.owner, id }, photoId));
  }

  @Delete(':photoId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a photo (the next newest becomes the cover if it was)' })
  @ApiNoContentResponse()
  async remove(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('photoId', ParseUUIDPipe) photoId: string,
  ): Promise<void> {
    await this.photos.delete({ kind: this.owner, id }, photoId);
  }

  @Get(':photoId/:variant')
  @ApiOperation({
    summary: 'Download a photo file: the original or a WebP thumbnail (ETag, cache, ranges)',
    description:
      'Answers 304 to a matching If-None-Match and 206 to a single byte Range; thumbnails of a photo that is still processing answer 404.',
  })
  @ApiParam({ name: 'variant', enum: PHOTO_VARIANTS })
  @ApiProduces(...Object.values(PHOTO_CONTENT_TYPES))
  @ApiOkResponse({ description: 'The image', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 206, description: 'The requested bytes of the image' })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched)' })
  @ApiResponse({ status: 416, ...problemResponse('The Range lies outside the file') })
  async file(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('photoId', ParseUUIDPipe) photoId: string,
    @Param('variant', new ParseEnumPipe(PHOTO_VARIANTS)) variant: PhotoVariant,
    @Headers('range') rangeHeader: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.photos.open({ kind: this.owner, id }, photoId, variant, (info) => {
      try {
        return ifNoneMatch ? null : parseByteRange(rangeHeader, info.size);
      } catch (error) {
        if (error instanceof RangeNotSatisfiableError)
          void reply.header('content-range', `bytes */${info.size}`);
        throw error;
      }
    });
    void reply
      .header('etag', file.etag)
      .header('cache-control', CACHE_CONTROL)
      .header('accept-ranges', 'bytes')
      .header('content-type', file.contentType);
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === file.etag)) {
      file.stream.destroy();
      await reply.status(304).send();
      return;
    }
    if (file.range) {
      const { start, end } = file.range;
      await reply
        .status(206)
        .header('content-range', `bytes ${start}-${end}/${file.size}`)
        .header('content-length', end - start + 1)
        .send(file.stream);
      return;
    }
    await reply.status(200).header('content-length', file.size).send(file.stream);
  }

  private toDto(ownerId: string, photo: Photo): PhotoDto {
    return PhotoDto.from(photo, PHOTO_CONTENT_TYPES[photo.format], this.path, ownerId);
  }
}
