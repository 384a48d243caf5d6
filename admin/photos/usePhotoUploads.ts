import { useState } from 'react';
import { useDataProvider, useNotify, type Identifier } from 'react-admin';
import type { ConsoleDataProvider, PhotoOwner } from '../dataProvider';

/** Formats the API reads, by their bytes; pickers offer only these and drops of anything else are refused here. */
export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif'];

/** A file on its way to the API: a local preview and the share of it sent so far (0 to 1). */
export interface PendingUpload {
  id: string;
  name: string;
  preview: string;
  sent: number;
}

/**
 * Uploads of photos for one bottle or whisky: each file gets a local preview and a progress value
 * while it travels; `onUploaded` runs once all are done (the gallery refetches then). Files that are
 * not images of an accepted type are refused with a notification before anything is sent.
 */
export function usePhotoUploads(owner: PhotoOwner, ownerId: Identifier, onUploaded: () => Promise<unknown>) {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const notify = useNotify();
  const [pending, setPending] = useState<PendingUpload[]>([]);

  const update = (id: string, change: Partial<PendingUpload> | null) =>
    setPending((current) =>
      change === null
        ? current.filter((entry) => entry.id !== id)
        : current.map((entry) => (entry.id === id ? { ...entry, ...change } : entry)),
    );

  const uploadOne = async (entry: PendingUpload, file: File) => {
    try {
      await dataProvider.uploadPhoto(owner, ownerId, file, (sent) => update(entry.id, { sent }));
    } catch (error) {
      notify(`${file.name}: ${(error as Error).message}`, { type: 'error' });
    }
  };

  const upload = async (files: readonly File[]) => {
    const refused = files.filter((file) => !ACCEPTED_TYPES.includes(file.type));
    if (refused.length > 0) {
      notify(`Not a JPEG, PNG, WebP or AVIF image: ${refused.map((file) => file.name).join(', ')}`, {
        type: 'warning',
      });
    }
    const started = files
      .filter((file) => ACCEPTED_TYPES.includes(file.type))
      .map((file) => ({
        file,
        entry: { id: crypto.randomUUID(), name: file.name, preview: URL.createObjectURL(file), sent: 0 },
      }));
    if (started.length === 0) return;
    setPending((current) => [...current, ...started.map(({ entry }) => entry)]);
    try {
      await Promise.all(started.map(({ entry, file }) => uploadOne(entry, file)));
      // The previews stay until the refetched gallery shows the photos in their place.
      await onUploaded();
    } finally {
      for (const { entry } of started) {
        URL.revokeObjectURL(entry.preview);
        update(entry.id, null);
      }
    }
  };

  return { pending, upload };
}
