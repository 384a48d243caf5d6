/**
 * Instance setting naming the storage provider configuration photos are kept on, or `null` for the
 * default local folder DATA_DIR/storage.
 */
export const PHOTO_STORAGE_SETTING = 'storage.photos';

/** Value of {@link PHOTO_STORAGE_SETTING} (an object: a setting's stored value cannot be `null`). */
export interface PhotoStorageChoice {
  /** The chosen configuration's id; `null`: the default local folder. */
  providerId: string | null;
}

/** What applies until an instance admin chooses. */
export const DEFAULT_PHOTO_STORAGE: PhotoStorageChoice = { providerId: null };
