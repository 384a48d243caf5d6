import { Admin, CustomRoutes, Resource } from 'react-admin';
import { BrowserRouter, Route } from 'react-router-dom';
import { authProvider } from './authProvider';
import { lazyScreen } from './common/lazyScreen';
import { dataProvider } from './dataProvider';
import { Layout } from './layout/Layout';
import { theme } from './layout/theme';
import { Dashboard } from './dashboard/Dashboard';
import { LoginPage } from './login/LoginPage';
import whiskies from './whiskies';
import bottles from './bottles';
import locations from './locations';
import pours from './pours';
import infinityBottles from './infinity-bottles';
import sessions from './sessions';
import tastingNotes from './tasting-notes';
import users from './users';
import invites from './invites';
import auditEvents from './audit-events';
import storageProviders from './storage-providers';
import ssoProviders, { SignInSettingsPage } from './sso-providers';
import backupPolicies from './backups/policies';
import backupRuns from './backups/runs';
import { BackupIdentityPage } from './backups/identity';

// Screens most visits never open, and the pages of mailed or shared links: loaded on first use.
const RegisterPage = lazyScreen(() => import('./login/RegisterPage'), 'RegisterPage');
const VerifyEmailPage = lazyScreen(() => import('./login/VerifyEmailPage'), 'VerifyEmailPage');
const ResetPasswordPage = lazyScreen(() => import('./login/ResetPasswordPage'), 'ResetPasswordPage');
const SsoCompletePage = lazyScreen(() => import('./login/SsoCompletePage'), 'SsoCompletePage');
const SessionLive = lazyScreen(() => import('./sessions/SessionLive'), 'SessionLive');
const SessionResults = lazyScreen(() => import('./sessions/SessionResults'), 'SessionResults');
const AccountPage = lazyScreen(() => import('./account/AccountPage'), 'AccountPage');
const ImportExportPage = lazyScreen(() => import('./import-export/ImportExportPage'), 'ImportExportPage');
const RegistrationSettingsPage = lazyScreen(
  () => import('./users/RegistrationSettingsPage'),
  'RegistrationSettingsPage',
);
const GuestPage = lazyScreen(() => import('./guest/GuestPage'), 'GuestPage');
const SharedResultsPage = lazyScreen(() => import('./guest/SharedResultsPage'), 'SharedResultsPage');

/** The console, served by the API at /admin. */
export const App = () => (
  <BrowserRouter basename="/admin">
    <Admin
      title="Whiskey Tracker"
      dataProvider={dataProvider}
      authProvider={authProvider}
      layout={Layout}
      theme={theme}
      dashboard={Dashboard}
      loginPage={LoginPage}
      requireAuth
      disableTelemetry
    >
      <Resource name="whiskies" {...whiskies} />
      <Resource name="bottles" {...bottles} />
      <Resource name="infinity-bottles" {...infinityBottles} />
      <Resource name="locations" {...locations} />
      <Resource name="pours" {...pours} />
      <Resource name="sessions" {...sessions}>
        <Route path=":id/live" element={<SessionLive />} />
        <Route path=":id/results" element={<SessionResults />} />
      </Resource>
      <Resource name="tasting-notes" {...tastingNotes} />
      <Resource name="users" {...users} />
      <Resource name="invites" {...invites} />
      <Resource name="audit-events" {...auditEvents} />
      <Resource name="storage-providers" {...storageProviders} />
      <Resource name="sso-providers" {...ssoProviders} />
      <Resource name="backup-policies" {...backupPolicies} />
      <Resource name="backup-runs" {...backupRuns} />
      <Resource name="api-tokens" />
      <Resource name="auth-sessions" />
      <CustomRoutes>
        <Route path="/account" element={<AccountPage />} />
        <Route path="/import-export" element={<ImportExportPage />} />
        <Route path="/settings/registration" element={<RegistrationSettingsPage />} />
        <Route path="/settings/sign-in" element={<SignInSettingsPage />} />
        <Route path="/backups/identity" element={<BackupIdentityPage />} />
      </CustomRoutes>
      <CustomRoutes noLayout>
        <Route path="/register" element={<RegisterPage />} />
        <Route path="/sso-complete" element={<SsoCompletePage />} />
        <Route path="/verify-email" element={<VerifyEmailPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/guest/:token" element={<GuestPage />} />
        <Route path="/shared/:token" element={<SharedResultsPage />} />
      </CustomRoutes>
    </Admin>
  </BrowserRouter>
);
