import type { DownloadedFile } from '../dataProvider';

/** Hands a downloaded file to the browser's "save" through a temporary object URL and an `<a download>`. */
export function saveFile({ blob, fileName }: DownloadedFile): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started the download by then; the URL only holds the blob in memory.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
