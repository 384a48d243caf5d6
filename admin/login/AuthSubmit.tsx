import { Alert, Button, CircularProgress } from '@mui/material';

/** Props of {@link AuthSubmit}. */
export interface AuthSubmitProps {
  label: string;
  pending: boolean;
  /** The API's answer to the last attempt, shown above the button until the next one. */
  problem?: string;
}

/** The submit button of a signed-out form, with the last attempt's problem above it. */
export const AuthSubmit = ({ label, pending, problem }: AuthSubmitProps) => (
  <>
    {problem && (
      <Alert severity="error" sx={{ mt: 1 }}>
        {problem}
      </Alert>
    )}
    <Button
      type="submit"
      variant="contained"
      size="large"
      fullWidth
      disabled={pending}
      startIcon={pending ? <CircularProgress size={18} color="inherit" /> : undefined}
      sx={{ mt: 2, minHeight: 48 }}
    >
      {label}
    </Button>
  </>
);
