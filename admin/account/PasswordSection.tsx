import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Form, PasswordInput, required, SaveButton, useNotify } from 'react-admin';
import type { Schemas } from '../dataProvider';
import { NewPasswordInput } from '../login/NewPasswordInput';
import { useApiForm } from '../login/useApiForm';
import { useConsoleAuthProvider } from '../login/useConsoleAuthProvider';
import { AccountSection } from './AccountSection';

/** Changing my password; the API signs out my other devices and keeps this one signed in. */
export const PasswordSection = () => {
  const authProvider = useConsoleAuthProvider();
  const queryClient = useQueryClient();
  const notify = useNotify();
  // A new key empties the form after a change.
  const [formKey, setFormKey] = useState(0);
  const form = useApiForm((values: Schemas['ChangePasswordDto']) => authProvider.changePassword(values), {
    onSuccess: () => {
      notify('Password changed; your other devices were signed out', { type: 'success' });
      setFormKey((key) => key + 1);
      void queryClient.invalidateQueries({ queryKey: ['auth-sessions'] });
    },
    onError: (message) => notify(message, { type: 'error' }),
  });
  return (
    <AccountSection title="Password" subheader="Changing it signs out every other device.">
      <Form key={formKey} onSubmit={form.onSubmit} noValidate>
        <PasswordInput
          source="currentPassword"
          label="Current password"
          autoComplete="current-password"
          validate={required()}
        />
        <NewPasswordInput source="newPassword" label="New password" />
        <SaveButton label="Change password" />
      </Form>
    </AccountSection>
  );
};
