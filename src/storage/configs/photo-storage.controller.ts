import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InstanceAdmin } from '../../users/auth/access.decorators.js';
import { CurrentPrincipal, Origin, type Principal, type RequestOrigin } from '../../users/auth/principal.js';
import { PhotoStorageDto, UpdatePhotoStorageDto } from './dto/photo-storage.dto.js';
import { PhotoStorageSelectionService } from './photo-storage-selection.service.js';

/** Where photos are stored (instance admins). */
@ApiTags('storage')
@InstanceAdmin()
@Controller('storage/photos')
export class PhotoStorageController {
  constructor(private readonly selection: PhotoStorageSelectionService) {}

  @Get()
  @ApiOperation({ summary: 'The storage photos are kept on (instance admins)' })
  @ApiOkResponse({ type: PhotoStorageDto })
  async get(): Promise<PhotoStorageDto> {
    const { value, version } = await this.selection.get();
    return { providerId: value.providerId, version };
  }

  @Put()
  @ApiOperation({
    summary: 'Choose the storage new photos are kept on; existing photos are not copied (instance admins)',
  })
  @ApiOkResponse({ type: PhotoStorageDto })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Body() body: UpdatePhotoStorageDto,
    @Origin() origin: RequestOrigin,
  ): Promise<PhotoStorageDto> {
    const { value, version } = await this.selection.set(principal, body.providerId, body.version, origin);
    return { providerId: value.providerId, version };
  }
}
