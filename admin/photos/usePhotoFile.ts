import { useEffect, useState } from 'react';
import { useDataProvider } from 'react-admin';
import type { ConsoleDataProvider } from '../dataProvider';

/**
 * An object URL for one of a photo's files, fetched with the access token (an <img src> could not
 * send it); revoked when the component goes away or the file changes. `null` while loading.
 */
export function usePhotoFile(url: string | null): string | null {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const [objectUrl, setObjectUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!url) return undefined;
    let created: string | null = null;
    let cancelled = false;
    void dataProvider
      .photoFile(url)
      .then((blob) => {
        if (cancelled) return;
        created = URL.createObjectURL(blob);
        setObjectUrl(created);
      })
      .catch(() => setObjectUrl(null));
    return () => {
      cancelled = true;
      if (created) URL.revokeObjectURL(created);
    };
  }, [dataProvider, url]);
  return url ? objectUrl : null;
}
