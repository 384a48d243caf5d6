import { PasswordInput, required } from 'react-admin';

/** Props of {@link NewPasswordInput}. */
export interface NewPasswordInputProps {
  /** The API's field name, so its refusals land on this input. */
  source: string;
  label: string;
}

/** A password being chosen: the password manager's "new password" hint and the API's rules. */
export const NewPasswordInput = ({ source, label }: NewPasswordInputProps) => (
  <PasswordInput
    source={source}
    label={label}
    autoComplete="new-password"
    helperText="At least 10 characters, and not a common password."
    validate={required()}
  />
);
