import { ValidationPipe } from '@nestjs/common';
import { ValidationFailedError } from '../errors/validation.js';

/**
 * The global validation pipe: strips nothing silently (unknown fields are a 400), converts query and
 * path strings to the declared types, and reports every offending field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(errors),
  });
}
