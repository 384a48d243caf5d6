import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FlavourFamilyDto } from './dto/flavour-family.dto.js';
import { FlavoursService } from './flavours.service.js';

/** The flavour vocabulary notes are tagged with. */
@ApiTags('tasting-notes')
@Controller('flavour-tags')
export class FlavoursController {
  constructor(private readonly flavours: FlavoursService) {}

  @Get()
  @ApiOperation({ summary: 'The flavour vocabulary, grouped by family of the flavour wheel' })
  @ApiOkResponse({ type: [FlavourFamilyDto] })
  async list(): Promise<FlavourFamilyDto[]> {
    return FlavourFamilyDto.group(await this.flavours.all());
  }
}
