/** A multipart/form-data body as a browser would send it: text fields, then the file in `file`. */
export async function multipartBody(
  file: Buffer,
  options: { fileName?: string; fields?: Record<string, string> } = {},
): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(file)]), options.fileName ?? 'upload');
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type')!,
  };
}
