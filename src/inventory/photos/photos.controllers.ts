import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PhotoRoutes } from './photo-routes.js';

/** Photos of one bottle. */
@ApiTags('photos')
@Controller('bottles/:id/photos')
export class BottlePhotosController extends PhotoRoutes {
  protected readonly owner = 'bottle';
  protected readonly path = 'bottles' as const;
}

/** Photos of a whisky (its label, its box). */
@ApiTags('photos')
@Controller('whiskies/:id/photos')
export class WhiskyPhotosController extends PhotoRoutes {
  protected readonly owner = 'whisky';
  protected readonly path = 'whiskies' as const;
}
