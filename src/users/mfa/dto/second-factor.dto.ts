import {
  IsString,
  Length,
  Matches,
  MaxLength,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';

/** Refuses the field when `other` is sent too: the two are alternatives. */
function NotTogetherWith(other: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'notTogetherWith',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [other],
      validator: {
        validate: (_value: unknown, args?: ValidationArguments) =>
          (args?.object as Record<string, unknown> | undefined)?.[other] === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `send either ${args?.property ?? String(propertyName)} or ${other}, not both`,
      },
    });
  };
}

/** A second factor: the current code of the authenticator app, or one of the recovery codes. */
export class SecondFactorDto {
  /** The 6-digit code the authenticator app shows now. Send this or `recoveryCode`. @example "492039" */
  @ValidateIf(
    (proof: SecondFactorDto & { passkey?: unknown }) =>
      proof.code !== undefined || (proof.recoveryCode === undefined && proof.passkey === undefined),
  )
  @Matches(/^\d{6}$/, {
    message: 'code must be the 6 digits of the authenticator app (or send recoveryCode)',
  })
  code?: string;

  /**
   * One of the recovery codes (case, spaces and dashes do not matter); each works once. Send this or
   * `code`. @example "7k2m-q9xd-4hfa-0nwe"
   */
  @ValidateIf((proof: SecondFactorDto) => proof.recoveryCode !== undefined)
  @IsString()
  @Length(16, 40)
  @NotTogetherWith('code')
  recoveryCode?: string;
}

/** The password and a second factor, to confirm a change that weakens or replaces two-factor sign-in. */
export class ConfirmWithSecondFactorDto extends SecondFactorDto {
  /** The current password of the account. */
  @IsString()
  @MaxLength(256)
  password: string;
}
