/** The text to show for an error: its message (storage and tool errors are written to be shown). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
