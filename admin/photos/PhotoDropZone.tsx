import { useState, type DragEvent, type ReactNode } from 'react';
import { Box, Typography } from '@mui/material';

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer.types.includes('Files');
}

/**
 * An area that takes files dropped on it (photos dragged from the desktop); it is outlined while files
 * are dragged over it. `disabled` (read-only members) makes it a plain box.
 */
export const PhotoDropZone = ({
  onFiles,
  disabled,
  children,
}: {
  onFiles: (files: File[]) => void;
  disabled: boolean;
  children: ReactNode;
}) => {
  // Counted, because dragenter/dragleave also fire for every child the pointer crosses.
  const [depth, setDepth] = useState(0);
  if (disabled) return <>{children}</>;
  const over = depth > 0;
  return (
    <Box
      data-testid="photo-drop-zone"
      onDragEnter={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        setDepth((current) => current + 1);
      }}
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => setDepth((current) => Math.max(0, current - 1))}
      onDrop={(event) => {
        event.preventDefault();
        setDepth(0);
        const files = [...event.dataTransfer.files];
        if (files.length > 0) onFiles(files);
      }}
      sx={{
        position: 'relative',
        borderRadius: 1,
        outline: over ? '2px dashed' : '2px dashed transparent',
        outlineColor: over ? 'primary.main' : 'transparent',
        outlineOffset: 4,
        transition: 'outline-color 120ms',
      }}
    >
      {children}
      {over && (
        <Typography
          aria-hidden
          sx={{
            position: 'absolute',
            inset: 0,
            display: 'grid',
            placeItems: 'center',
            bgcolor: 'rgba(255,255,255,0.85)',
            fontWeight: 500,
            pointerEvents: 'none',
          }}
        >
          Drop photos to upload them
        </Typography>
      )}
    </Box>
  );
};
