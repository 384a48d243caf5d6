import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, IsUUID, MaxLength, ValidateBy, ValidateIf } from 'class-validator';
import { trimmed } from './create-session.dto.js';

/** Refuses the property when `other` is given too: the two are alternatives. */
function absentWith(other: string): PropertyDecorator {
  return ValidateBy({
    name: 'absentWith',
    validator: {
      validate: (_value: unknown, args) => (args?.object as Record<string, unknown>)[other] === undefined,
      defaultMessage: (args) => `give either ${other} or ${args?.property ?? 'this'}, not both`,
    },
  });
}

/** Someone joining a session: a member of the household (`userId`) or a guest (`guestName`), not both. */
export class AddParticipantDto {
  /** A member of the household. */
  @ValidateIf((body: AddParticipantDto) => body.userId !== undefined || body.guestName === undefined)
  @IsUUID()
  userId?: string;

  /** A guest without an account, who gets a personal link. @example "Fergus" */
  @ValidateIf((body: AddParticipantDto) => body.guestName !== undefined)
  @absentWith('userId')
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  guestName?: string;
}
