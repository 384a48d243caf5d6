import { ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { isValidGtin } from '../gtin.js';

/**
 * The field may be left out, but not sent as `null`: it has no empty value (a list is `[]`, a flag
 * `false`). Unlike `@IsOptional()`, a `null` is validated and refused with 400 instead of reaching
 * a NOT NULL column.
 */
export function Omittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}

/** An EAN-8, EAN-13, UPC-A or UPC-E code with a correct check digit (see {@link isValidGtin}). */
export function IsGtin(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isGtin',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidGtin(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'barcode'} must be EAN-8, EAN-13, UPC-A or UPC-E digits with a valid check digit`,
      },
    },
    options,
  );
}

/** A year that is not in the future, checked against the clock at validation time (not at start-up). */
export function IsNotFutureYear(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotFutureYear',
      validator: {
        validate: (value: unknown) => typeof value === 'number' && value <= new Date().getFullYear(),
        defaultMessage: (args) => `${args?.property ?? 'year'} must not be later than the current year`,
      },
    },
    options,
  );
}
