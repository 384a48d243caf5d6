import { Alert, LinearProgress, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { email, Form, Link, maxLength, required, TextInput, useLocation, useNavigate } from 'react-admin';
import type { Schemas } from '../dataProvider';
import { AuthCard } from './AuthCard';
import { AuthSubmit } from './AuthSubmit';
import { NewPasswordInput } from './NewPasswordInput';
import { problemMessage, useApiForm } from './useApiForm';
import { useConsoleAuthProvider, useSignInOptions } from './useConsoleAuthProvider';

type Registration = Omit<Schemas['RegisterDto'], 'inviteToken'>;

/** Which registration this visit is: decided by the installation's state and the link used. */
type Kind = 'firstRun' | 'invite' | 'open' | 'refused';

const TEXTS: Record<Exclude<Kind, 'refused'>, { title: string; subtitle: string; submit: string }> = {
  firstRun: {
    title: 'Set up Whiskey Tracker',
    subtitle:
      'Create the first account. It administers this installation and founds your household; invite the others later.',
    submit: 'Create account',
  },
  invite: {
    title: 'Join your household',
    subtitle: 'You were invited to share a whisky collection. Create your account to accept.',
    submit: 'Join',
  },
  open: {
    title: 'Create an account',
    subtitle: 'You get a household of your own; you can invite others into it later.',
    submit: 'Create account',
  },
};

const SignInLink = () => (
  <Typography variant="body2">
    Already have an account? <Link to="/login">Sign in</Link>
  </Typography>
);

const RegisterForm = ({ kind, inviteToken }: { kind: Exclude<Kind, 'refused'>; inviteToken?: string }) => {
  const authProvider = useConsoleAuthProvider();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useApiForm((values: Registration) => authProvider.register({ ...values, inviteToken }), {
    onSuccess: () => {
      // Signed in now: whatever react-admin knew about the (absent) account is stale.
      void queryClient.invalidateQueries({ queryKey: ['auth'] });
      navigate('/');
    },
  });
  const texts = TEXTS[kind];
  return (
    <AuthCard title={texts.title} subtitle={texts.subtitle} footer={kind !== 'firstRun' && <SignInLink />}>
      <Form onSubmit={form.onSubmit} noValidate>
        {kind !== 'invite' && (
          <TextInput
            source="householdName"
            label="Household name"
            helperText="For example “The Lovelace cellar”; you can leave it empty."
            validate={maxLength(100)}
          />
        )}
        <TextInput
          source="displayName"
          label="Your name"
          autoComplete="name"
          validate={[required(), maxLength(100)]}
          autoFocus
        />
        <TextInput
          source="email"
          label="Email"
          type="email"
          autoComplete="username"
          validate={[required(), email()]}
        />
        <NewPasswordInput source="password" label="Password" />
        <AuthSubmit label={texts.submit} pending={form.pending} problem={form.problem} />
      </Form>
    </AuthCard>
  );
};

/**
 * Registration (/admin/register): the first account of a fresh installation, an invited member
 * (/admin/register?invite=<token>) or, when registration is open, anyone with a household of
 * their own.
 */
export const RegisterPage = () => {
  const inviteToken = new URLSearchParams(useLocation().search).get('invite') ?? undefined;
  const { data: options, error, isPending } = useSignInOptions();
  if (isPending || error) {
    return (
      <AuthCard title="Create an account">
        {error ? <Alert severity="error">{problemMessage(error)}</Alert> : <LinearProgress />}
      </AuthCard>
    );
  }
  const kind: Kind = options.firstRun
    ? 'firstRun'
    : inviteToken
      ? 'invite'
      : options.registrationMode === 'open'
        ? 'open'
        : 'refused';
  if (kind === 'refused') {
    return (
      <AuthCard title="Create an account" footer={<SignInLink />}>
        <Alert severity="info">
          {options.registrationMode === 'invite'
            ? 'Accounts are created by invitation: ask an admin of your household for an invite link.'
            : 'Registration is closed on this installation.'}
        </Alert>
      </AuthCard>
    );
  }
  return <RegisterForm kind={kind} inviteToken={inviteToken} />;
};
