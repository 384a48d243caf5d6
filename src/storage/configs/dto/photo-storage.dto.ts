import { IsInt, IsUUID, Min, ValidateIf } from 'class-validator';

/** Where photos are stored. */
export class PhotoStorageDto {
  /** The storage provider photos are stored on; null: the local folder DATA_DIR/storage. */
  providerId: string | null;
  /** 0 while the default applies. */
  version: number;
}

/**
 * Choose where new photos are stored. Photos already stored stay where they are and are not copied:
 * they are only found again when their blobs are on the chosen storage too.
 */
export class UpdatePhotoStorageDto {
  /** An existing storage provider's id, or null for the local folder DATA_DIR/storage. */
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  providerId: string | null;

  /** The version last read; a stale one is refused with 409. */
  @IsInt()
  @Min(0)
  version: number;
}
