import { IsInt, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';

/** A sample added to the flight of a planned session. */
export class AddFlightItemDto {
  /** The bottle it is poured from. */
  @IsUUID()
  bottleId: string;

  /** What each participant gets, one decimal. @example 20 */
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  @Min(1)
  @Max(100)
  mlPerParticipant: number;

  /** Place in the flight (1…n+1); last when omitted. Later samples move down one. @example 1 */
  @IsOptional()
  @IsInt()
  @Min(1)
  position?: number;
}

/** Changes to a sample of a planned session's flight. */
export class UpdateFlightItemDto {
  /** New place in the flight (1…n); the samples in between shift to close the gap. @example 2 */
  @IsOptional()
  @IsInt()
  @Min(1)
  position?: number;

  /** @example 15 */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  @Min(1)
  @Max(100)
  mlPerParticipant?: number;
}
