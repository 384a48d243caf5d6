/**
 * The API's types for the console, generated from docs/openapi.json by `npm run openapi`.
 * Do not edit: change the DTOs and regenerate.
 */
export type paths = {
    "/api/v1/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the household's audit trail (admins) */
        get: operations["AuditController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/api-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List my personal API tokens */
        get: operations["AuthController_listApiTokens"];
        put?: never;
        /** Create a personal API token (its secret is shown once) */
        post: operations["AuthController_createApiToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/api-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of my personal API tokens */
        delete: operations["AuthController_revokeApiToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What the sign-in screen needs: first run, registration mode, mail */
        get: operations["AuthController_config"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/job-board-session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Let this browser open the job board at /admin/queues for 15 minutes (instance admins) */
        post: operations["AuthController_jobBoardSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with email and password; with two-factor sign-in on, get a challenge for POST /auth/mfa */
        post: operations["AuthController_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out: end the current session */
        post: operations["AuthController_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My two-factor sign-in: on or off, recovery codes left, required or not */
        get: operations["MfaController_status"];
        put?: never;
        /** Complete a sign-in: the challenge and a code of the authenticator app or a recovery code */
        post: operations["AuthController_completeMfaSignIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who must use two-factor sign-in (instance admins) */
        get: operations["MfaController_policy"];
        /** Require two-factor sign-in of nobody, household admins or everyone (instance admins) */
        put: operations["MfaController_updatePolicy"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/recovery-codes/regenerate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace my recovery codes (the old ones stop working); needs my password and a code */
        post: operations["MfaController_regenerateRecoveryCodes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/totp/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn two-factor sign-in on with a code from the app; returns the recovery codes this once */
        post: operations["MfaController_confirmTotp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/totp/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn two-factor sign-in off (needs my password and a current or recovery code) */
        post: operations["MfaController_disable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/totp/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start setting up an authenticator app (needs my password); the secret is shown this once */
        post: operations["MfaController_startTotpSetup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/passkeys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List my passkeys */
        get: operations["PasskeysController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/passkeys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of my passkeys */
        delete: operations["PasskeysController_remove"];
        options?: never;
        head?: never;
        /** Rename one of my passkeys, or change whether it signs in without my password */
        patch: operations["PasskeysController_update"];
        trace?: never;
    };
    "/api/v1/auth/passkeys/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with a passkey alone (its owner allowed it): the browser's answer to the options */
        post: operations["PasskeysController_signIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/passkeys/login/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start signing in with a passkey alone: options for navigator.credentials.get() (5 minutes) */
        post: operations["PasskeysController_signInOptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/passkeys/mfa/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start confirming a password sign-in with a passkey: options for the challenge of POST /auth/login; answer at POST /auth/mfa */
        post: operations["PasskeysController_secondFactorOptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/passkeys/registration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Finish adding a passkey with the browser's answer to the options */
        post: operations["PasskeysController_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/passkeys/registration/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start adding a passkey: options for navigator.credentials.create() (valid 5 minutes) */
        post: operations["PasskeysController_registrationOptions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a new password with a reset token; signs out every device */
        post: operations["AuthController_confirmPasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset/request": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mail a password-reset link (the answer is the same whether the address exists or not) */
        post: operations["AuthController_requestPasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange a refresh token for a new token pair (the old one dies) */
        post: operations["AuthController_refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account (the first one becomes admin) and sign it in */
        post: operations["AuthController_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List my signed-in devices */
        get: operations["AuthController_sessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Sign out one of my devices */
        delete: operations["AuthController_revokeSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sso/{slug}/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The provider's redirect back: signs in and sends the browser to the console with a one-time code */
        get: operations["SsoController_callback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sso/{slug}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Start signing in with a provider: redirects the browser to it (PKCE, state and nonce); open it in the browser */
        get: operations["SsoController_start"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sso/exchange": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange the one-time code of a single sign-on for tokens (60 s, single use) */
        post: operations["SsoController_exchange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sso/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the identity-provider accounts linked to mine */
        get: operations["SsoController_listIdentities"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sso/identities/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Unlink an identity-provider account from mine */
        delete: operations["SsoController_unlinkIdentity"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sso/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the single sign-on providers, the environment’s included (instance admins) */
        get: operations["SsoProvidersController_list"];
        put?: never;
        /** Add a single sign-on provider; its issuer is discovered first, its client secret encrypted and never returned (instance admins) */
        post: operations["SsoProvidersController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sso/providers/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One single sign-on provider (instance admins) */
        get: operations["SsoProvidersController_get"];
        put?: never;
        post?: never;
        /** Delete a single sign-on provider; linked identities are kept (instance admins) */
        delete: operations["SsoProvidersController_delete"];
        options?: never;
        head?: never;
        /** Change a single sign-on provider; a client secret left out is kept, null removes it (instance admins) */
        patch: operations["SsoProvidersController_update"];
        trace?: never;
    };
    "/api/v1/auth/sso/providers/public": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The single sign-on buttons of the login screen */
        get: operations["SsoController_buttons"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Verify my email address with the 6-digit code from the mail */
        post: operations["AuthController_verifyEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/verify-email/link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Verify an email address with the token of the mailed link */
        post: operations["AuthController_verifyEmailLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/verify-email/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mail me a new verification code */
        post: operations["AuthController_resendVerification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/backups/identity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the backup identity exists, its public recipient, and when it was last downloaded */
        get: operations["BackupIdentityController_status"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/backups/identity/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Download the secret key that decrypts every backup, after entering your password again. Keep it safe and away from this server: backups cannot be restored without it. */
        post: operations["BackupIdentityController_download"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/backups/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the backup policies (instance admins) */
        get: operations["BackupPoliciesController_list"];
        put?: never;
        /** Create a backup policy (instance admins) */
        post: operations["BackupPoliciesController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/backups/policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One backup policy with its next five runs (instance admins) */
        get: operations["BackupPoliciesController_get"];
        put?: never;
        post?: never;
        /** Delete a backup policy; its backups stay (instance admins) */
        delete: operations["BackupPoliciesController_delete"];
        options?: never;
        head?: never;
        /** Change a backup policy (instance admins) */
        patch: operations["BackupPoliciesController_update"];
        trace?: never;
    };
    "/api/v1/backups/policies/{id}/retention-preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Which of the policy's backups these retention rules would keep and delete (instance admins) */
        post: operations["BackupPoliciesController_previewRetention"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/backups/policies/{id}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a backup now; 409 while one of the policy is running (instance admins) */
        post: operations["BackupPoliciesController_run"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/backups/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List backup runs, newest first (instance admins) */
        get: operations["BackupRunsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/backups/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One backup run with its progress, targets and verifications (instance admins) */
        get: operations["BackupRunsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/backups/runs/{id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore a backup: a safety backup first, then the database is replaced in one transaction while writes answer 503 (instance admins) */
        post: operations["BackupRunsController_restore"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/backups/runs/{id}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Verify a backup: quick, full or drill; the result is added to the run (instance admins) */
        post: operations["BackupRunsController_verify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/backups/runs/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The newest verified backup, the last failure and the storage used per target (instance admins) */
        get: operations["BackupRunsController_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bottles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List bottles with their whisky and location (filter by status, whisky, location) */
        get: operations["BottlesController_list"];
        put?: never;
        /** Add a bottle; an open one with less than its size left gets a correction pour for the difference */
        post: operations["BottlesController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bottles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One bottle, with the totals of its pour ledger */
        get: operations["BottlesController_get"];
        put?: never;
        post?: never;
        /** Delete a bottle and its pours */
        delete: operations["BottlesController_delete"];
        options?: never;
        head?: never;
        /** Change a bottle: location, prices, notes, status (by the allowed transitions) */
        patch: operations["BottlesController_update"];
        trace?: never;
    };
    "/api/v1/bottles/{id}/photos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the photos, cover first */
        get: operations["BottlePhotosController_list"];
        put?: never;
        /**
         * Upload a photo (JPEG, PNG, WebP or AVIF); thumbnails follow a few seconds later
         * @description The type is decided by the file's bytes, never its name. The image is turned upright, scaled to at
         *     most 2560 px and stored without any metadata (EXIF and GPS are removed). The answer (202) shows the photo as
         *     `processing` until its 256 and 768 px thumbnails exist. Over PHOTO_MAX_MB (default 15 MiB): 413; not an image
         *     read here: 415; more than 100 megapixels or undecodable: 422.
         */
        post: operations["BottlePhotosController_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bottles/{id}/photos/{photoId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get one photo (its state and the addresses of its files) */
        get: operations["BottlePhotosController_get"];
        put?: never;
        post?: never;
        /** Delete a photo (the next newest becomes the cover if it was) */
        delete: operations["BottlePhotosController_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bottles/{id}/photos/{photoId}/{variant}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a photo file: the original or a WebP thumbnail (ETag, cache, ranges)
         * @description Answers 304 to a matching If-None-Match and 206 to a single byte Range; thumbnails of a photo that is still processing answer 404.
         */
        get: operations["BottlePhotosController_file"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bottles/{id}/photos/{photoId}/cover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make this photo the cover shown in lists */
        post: operations["BottlePhotosController_setCover"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bottles/{id}/pours": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a bottle's pours */
        get: operations["PoursController_listForBottle"];
        put?: never;
        /** Pour from a bottle (422 beyond what remains); the first pour opens it, the last finishes it */
        post: operations["PoursController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/console/links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The console's links to Swagger UI, the job board and Grafana, as they apply to me */
        get: operations["ConsoleController_links"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download the collection as JSON, XLSX or CSV (a zip, or one kind), streamed
         * @description The file holds the household's locations, whiskies, bottles and pours, in that order (each kind refers
         *     only to kinds before it). Infinity bottles and their entries are not part of the format for now; a pour
         *     into an infinity bottle appears as a pour of its source bottle.
         *
         *     Every row has an `id`: the record's externalId when it has one, else its database id. References
         *     (`whiskyId`, `locationId`, `bottleId`) use these ids. Columns are the fields of the API's records
         *     (no household, version or timestamps; pours carry `pouredAt`). A bottle's `currentVolumeMl` is its
         *     size minus its pours.
         *
         *     - **json**: one document `{ "format": "whiskey-tracker", "version": 1, "exportedAt", "locations": […],
         *       "whiskies": […], "bottles": […], "pours": […] }`; lists are arrays.
         *     - **csv**: UTF-8 (with a byte order mark, for Excel), header row, CRLF; without `kind` a zip of
         *       locations.csv, whiskies.csv, bottles.csv and pours.csv. Lists (barcodes, tags, caskTypes) are one
         *       `;`-separated cell; booleans are true/false.
         *     - **xlsx**: one sheet per kind, header in the first row; numbers and booleans are typed cells, dates
         *       are text (YYYY-MM-DD, pour times ISO 8601).
         *
         *     In CSV and XLSX, a text cell that would start with `=`, `+`, `-`, `@`, a tab or a carriage return
         *     gets a leading `'` (OWASP CSV injection), which an import removes again.
         *
         *     Read-only users may export. Every export is recorded in the audit trail.
         */
        get: operations["TransferController_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flavour-tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The flavour vocabulary, grouped by family of the flavour wheel */
        get: operations["FlavoursController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/guest/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A guest's session: its flight (blind samples by label only) and the guest's notes */
        get: operations["GuestsController_view"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/guest/{token}/items/{itemId}/note": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Write or change the guest's note on a sample of their live session */
        put: operations["GuestsController_writeNote"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a collection file (JSON, XLSX, zip of CSVs or one CSV): all or nothing; dryRun only checks
         * @description Reads any file `GET /export` writes, recognised from its content (not its name): a zip
         *     (an xlsx workbook or a zip of CSVs), a JSON export, or a single CSV, whose kind the field `kind` names.
         *     Other content is refused with 415, a file over 20 MiB with 413, a damaged zip,
         *     invalid JSON or broken CSV with 400. A text file that is not a collection CSV (whatever its name, e.g. .xlsx)
         *     is read as CSV and refused with 400.
         *
         *     Every row is checked with the rules of the API (types, enums, ranges, barcodes, references to ids of the
         *     file or of the household, duplicate barcodes and names, pours within their bottle's size). `dryRun=true`
         *     answers the report and writes nothing. A real import writes nothing when the file has any error (422, with
         *     the report) and otherwise writes it all in one transaction.
         *
         *     A row updates the record whose externalId (or, for files of this household, database id) is its `id`;
         *     locations are also matched by name and whiskies by barcode and name. New records keep the row's `id` as
         *     their externalId, so importing a file twice changes nothing the second time. Columns a file leaves out are
         *     left as they are; an empty cell clears a field. Pours are written as ledger entries and every touched
         *     bottle's volume recomputed (size − pours); a stated `currentVolumeMl` must agree.
         *
         *     The file holds the household's locations, whiskies, bottles and pours, in that order (each kind refers
         *     only to kinds before it). Infinity bottles and their entries are not part of the format for now; a pour
         *     into an infinity bottle appears as a pour of its source bottle.
         *
         *     Every row has an `id`: the record's externalId when it has one, else its database id. References
         *     (`whiskyId`, `locationId`, `bottleId`) use these ids. Columns are the fields of the API's records
         *     (no household, version or timestamps; pours carry `pouredAt`). A bottle's `currentVolumeMl` is its
         *     size minus its pours.
         *
         *     - **json**: one document `{ "format": "whiskey-tracker", "version": 1, "exportedAt", "locations": […],
         *       "whiskies": […], "bottles": […], "pours": […] }`; lists are arrays.
         *     - **csv**: UTF-8 (with a byte order mark, for Excel), header row, CRLF; without `kind` a zip of
         *       locations.csv, whiskies.csv, bottles.csv and pours.csv. Lists (barcodes, tags, caskTypes) are one
         *       `;`-separated cell; booleans are true/false.
         *     - **xlsx**: one sheet per kind, header in the first row; numbers and booleans are typed cells, dates
         *       are text (YYYY-MM-DD, pour times ISO 8601).
         *
         *     In CSV and XLSX, a text cell that would start with `=`, `+`, `-`, `@`, a tab or a carriage return
         *     gets a leading `'` (OWASP CSV injection), which an import removes again.
         */
        post: operations["TransferController_import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/infinity-bottles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the household's infinity bottles with what each holds */
        get: operations["InfinityController_list"];
        put?: never;
        /** Start an infinity bottle (it starts empty) */
        post: operations["InfinityController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/infinity-bottles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One infinity bottle: its blend, estimated strength and history */
        get: operations["InfinityController_get"];
        put?: never;
        post?: never;
        /** Delete an empty infinity bottle and its history */
        delete: operations["InfinityController_remove"];
        options?: never;
        head?: never;
        /** Rename an infinity bottle or change its capacity (not below what it holds) */
        patch: operations["InfinityController_update"];
        trace?: never;
    };
    "/api/v1/infinity-bottles/{id}/additions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pour from a bottle of the collection into the infinity bottle (recorded in the bottle's ledger) */
        post: operations["InfinityController_add"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/infinity-bottles/{id}/entries/{entryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Undo the infinity bottle's latest entry (an addition goes back into its source bottle) */
        delete: operations["InfinityController_undo"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/infinity-bottles/{id}/pours": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pour a dram out of the infinity bottle */
        post: operations["InfinityController_pour"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List my household's invites (admins) */
        get: operations["InvitesController_list"];
        put?: never;
        /** Invite someone into my household (admins); the link is shown once */
        post: operations["InvitesController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invites/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an open invite (admins) */
        delete: operations["InvitesController_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/locations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List locations with the number of bottles at each */
        get: operations["LocationsController_list"];
        put?: never;
        /** Add a location (names are unique in the household) */
        post: operations["LocationsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/locations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One location */
        get: operations["LocationsController_get"];
        put?: never;
        post?: never;
        /** Delete a location; refused with 409 while bottles are there */
        delete: operations["LocationsController_remove"];
        options?: never;
        head?: never;
        /** Rename or describe a location (send its version) */
        patch: operations["LocationsController_update"];
        trace?: never;
    };
    "/api/v1/pours": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the household's pours across bottles (`q` searches their notes) */
        get: operations["PoursController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pours/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Undo a pour: its ml go back into the bottle (409 for pours of an infinity addition or a tasting session) */
        delete: operations["PoursController_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tasting sessions with participants and flight (filter by status, blind) */
        get: operations["SessionsController_list"];
        put?: never;
        /** Plan a tasting session; its host (the caller by default) joins it */
        post: operations["SessionsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One tasting session; blind samples are masked for everyone but the host */
        get: operations["SessionsController_get"];
        put?: never;
        post?: never;
        /** Delete a planned or cancelled session (409 otherwise) */
        delete: operations["SessionsController_delete"];
        options?: never;
        head?: never;
        /** Change a session: title, place, notes any time; start time, blind mode, host while planned */
        patch: operations["SessionsController_update"];
        trace?: never;
    };
    "/api/v1/sessions/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a planned or live session; the pours of a live one go back into their bottles */
        post: operations["SessionsController_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{id}/finish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Finish a live session, revealing every sample */
        post: operations["SessionsController_finish"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{id}/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a sample to a planned session's flight (last, or at a position) */
        post: operations["SessionsController_addItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{id}/items/{itemId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a sample from a planned session's flight; later samples move up */
        delete: operations["SessionsController_removeItem"];
        options?: never;
        head?: never;
        /** Move a sample of a planned session's flight or change its measure */
        patch: operations["SessionsController_updateItem"];
        trace?: never;
    };
    "/api/v1/sessions/{id}/items/{itemId}/reveal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reveal one sample of a live session to everyone */
        post: operations["SessionsController_reveal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{id}/participants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a member or a guest to a planned session; a guest's link is shown in this answer only */
        post: operations["SessionsController_addParticipant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{id}/participants/{participantId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a participant (not the host) from a planned session */
        delete: operations["SessionsController_removeParticipant"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{id}/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Results per sample: scores (0–100 and in my scale), ranking, top flavours, blind guesses; hidden samples stay anonymous */
        get: operations["ResultsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{id}/reveal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reveal every sample of a live session to everyone */
        post: operations["SessionsController_revealAll"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{id}/share": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Share the results of a finished session through a public link (host or admin; replaces the previous link) */
        post: operations["ResultsController_share"];
        /** Revoke the public link of the results (host or admin) */
        delete: operations["ResultsController_unshare"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a planned session: pour every sample for all participants from its bottle (422 naming a bottle short of it) */
        post: operations["SessionsController_start"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{sessionId}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a session's notes (blind samples show their label to all but the host) */
        get: operations["NotesController_listForSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings/password-login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who may sign in with a password (instance admins) */
        get: operations["PasswordLoginSettingsController_get"];
        /** Set who may sign in with a password: everyone, or admins only (others use single sign-on) (instance admins) */
        put: operations["PasswordLoginSettingsController_update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings/registration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who may create accounts (instance admins) */
        get: operations["RegistrationSettingsController_get"];
        /** Set who may create accounts: open, invite or closed (instance admins) */
        put: operations["RegistrationSettingsController_update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shared/sessions/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Results of a shared session: display names and whiskies only (404 once the link is revoked) */
        get: operations["SharedResultsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats/collection": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The collection in numbers: bottles, origins, value, volume and pours */
        get: operations["StatsController_collection"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/storage/photos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The storage photos are kept on (instance admins) */
        get: operations["PhotoStorageController_get"];
        /** Choose the storage new photos are kept on; existing photos are not copied (instance admins) */
        put: operations["PhotoStorageController_update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/storage/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the storage providers (instance admins) */
        get: operations["StorageProvidersController_list"];
        put?: never;
        /** Save a storage provider; its secrets are encrypted and never returned (instance admins) */
        post: operations["StorageProvidersController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/storage/providers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One storage provider (instance admins) */
        get: operations["StorageProvidersController_get"];
        put?: never;
        post?: never;
        /** Delete a storage provider; 409 while photos are stored on it (instance admins) */
        delete: operations["StorageProvidersController_delete"];
        options?: never;
        head?: never;
        /** Change a storage provider; secrets left out are kept, null clears one (instance admins) */
        patch: operations["StorageProvidersController_update"];
        trace?: never;
    };
    "/api/v1/storage/providers/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Test a saved provider: write, read, list and delete a probe, and keep the result; pins an SFTP host key on first success (instance admins) */
        post: operations["StorageProvidersController_test"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/storage/providers/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Test settings before saving them: write, read, list and delete a probe (instance admins) */
        post: operations["StorageProvidersController_testUnsaved"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasting-notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tasting notes (filter by whisky, session, author or mine) */
        get: operations["NotesController_list"];
        put?: never;
        /** Write a note: of a whisky at home, or of a sample of a live or finished session you take part in */
        post: operations["NotesController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasting-notes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One tasting note */
        get: operations["NotesController_get"];
        put?: never;
        post?: never;
        /** Delete your own note */
        delete: operations["NotesController_delete"];
        options?: never;
        head?: never;
        /** Change your own note (also after its session finished) */
        patch: operations["NotesController_update"];
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the household's users (admins) */
        get: operations["UsersController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One user of the household (admins) */
        get: operations["UsersController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a user's role or disable them (admins; the last admin stays) */
        patch: operations["UsersController_adminUpdate"];
        trace?: never;
    };
    "/api/v1/users/{id}/mfa/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn a member's two-factor sign-in off and tell them by mail (household admins) */
        post: operations["MfaAdminController_reset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My account */
        get: operations["UsersController_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change my profile (name, rating scale, locale, time zone, currency) */
        patch: operations["UsersController_updateMe"];
        trace?: never;
    };
    "/api/v1/users/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change my password; every other device is signed out, this one gets new tokens */
        post: operations["UsersController_changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/whiskies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List whiskies: search by name, distillery, bottler or tag, filter, or look up a scanned barcode */
        get: operations["WhiskiesController_list"];
        put?: never;
        /** Add a whisky; a barcode already used in the household is refused with 409 */
        post: operations["WhiskiesController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/whiskies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One whisky */
        get: operations["WhiskiesController_get"];
        put?: never;
        post?: never;
        /** Delete a whisky and its barcodes; refused with 409 while bottles of it exist */
        delete: operations["WhiskiesController_remove"];
        options?: never;
        head?: never;
        /** Change a whisky (send its version); barcodes, when sent, replace the set */
        patch: operations["WhiskiesController_update"];
        trace?: never;
    };
    "/api/v1/whiskies/{id}/photos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the photos, cover first */
        get: operations["WhiskyPhotosController_list"];
        put?: never;
        /**
         * Upload a photo (JPEG, PNG, WebP or AVIF); thumbnails follow a few seconds later
         * @description The type is decided by the file's bytes, never its name. The image is turned upright, scaled to at
         *     most 2560 px and stored without any metadata (EXIF and GPS are removed). The answer (202) shows the photo as
         *     `processing` until its 256 and 768 px thumbnails exist. Over PHOTO_MAX_MB (default 15 MiB): 413; not an image
         *     read here: 415; more than 100 megapixels or undecodable: 422.
         */
        post: operations["WhiskyPhotosController_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/whiskies/{id}/photos/{photoId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get one photo (its state and the addresses of its files) */
        get: operations["WhiskyPhotosController_get"];
        put?: never;
        post?: never;
        /** Delete a photo (the next newest becomes the cover if it was) */
        delete: operations["WhiskyPhotosController_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/whiskies/{id}/photos/{photoId}/{variant}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a photo file: the original or a WebP thumbnail (ETag, cache, ranges)
         * @description Answers 304 to a matching If-None-Match and 206 to a single byte Range; thumbnails of a photo that is still processing answer 404.
         */
        get: operations["WhiskyPhotosController_file"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/whiskies/{id}/photos/{photoId}/cover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make this photo the cover shown in lists */
        post: operations["WhiskyPhotosController_setCover"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/whiskies/{whiskyId}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a whisky's notes from sessions and at home, with their average score in your scale */
        get: operations["NotesController_listForWhisky"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process is up and its event loop answers */
        get: operations["HealthController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: PostgreSQL and Redis answer within 1 s and migrations are applied */
        get: operations["HealthController_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        AddedParticipantDto: {
            /** Format: date-time */
            createdAt: string;
            /**
             * @description The guest's name, or the member's display name when they joined.
             * @example Fergus
             */
            displayName: string;
            /**
             * @description For a guest: the page they open to take part.
             * @example https://whisky.example.org/admin/guest/3q2-…
             */
            guestLink?: string;
            /** @description For a guest: the secret of their link (only its hash is stored). */
            guestToken?: string;
            id: string;
            /**
             * @description A guest without an account, who takes part through a personal link.
             * @example false
             */
            isGuest: boolean;
            /** @description The member's account; null for a guest. */
            userId: string | null;
        };
        AddFlightItemDto: {
            /**
             * Format: uuid
             * @description The bottle it is poured from.
             */
            bottleId: string;
            /**
             * @description What each participant gets, one decimal.
             * @example 20
             */
            mlPerParticipant: number;
            /**
             * @description Place in the flight (1…n+1); last when omitted. Later samples move down one.
             * @example 1
             */
            position?: number;
        };
        AddParticipantDto: {
            /**
             * @description A guest without an account, who gets a personal link.
             * @example Fergus
             */
            guestName?: string;
            /**
             * Format: uuid
             * @description A member of the household.
             */
            userId?: string;
        };
        AddToInfinityBottleDto: {
            /**
             * Format: date-time
             * @description When it happened; defaults to now. It cannot be before the vessel's latest entry nor in the future.
             */
            at?: string;
            /**
             * Format: uuid
             * @description The bottle it is poured from; the pour is recorded in that bottle's ledger (reason `infinity`).
             */
            bottleId: string;
            /**
             * @description Millilitres, one decimal at most.
             * @example 50
             */
            ml: number;
            notes?: string;
        };
        AdminUpdateUserDto: {
            /** @description Disabling signs the user out everywhere and refuses their sign-ins. */
            disabled?: boolean;
            /** @enum {string} */
            role?: "admin" | "user" | "read_only";
            /** @description The version last read; a stale one is refused with 409. */
            version: number;
        };
        ApiTokenDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string | null;
            id: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            /**
             * @description Its first characters, to tell tokens apart.
             * @example wt_Xk3a9Qz
             */
            prefix: string;
            /** @enum {string} */
            scope: "read" | "write";
        };
        AssertionResponseDto: {
            /** @description base64url of the authenticator data (RP ID hash, flags, signature counter). */
            authenticatorData: string;
            /** @description base64url of the client data the browser signed over (type, challenge, origin). */
            clientDataJSON: string;
            /** @description base64url of the signature over the authenticator data and the client data's hash. */
            signature: string;
            /** @description base64url of the user handle a discoverable credential holds; absent or null otherwise. */
            userHandle?: string;
        };
        AttestationResponseDto: {
            /** @description base64url of the CBOR attestation object (authenticator data and attestation statement). */
            attestationObject: string;
            /** @description base64url of the authenticator data (also inside the attestation object). */
            authenticatorData?: string;
            /** @description base64url of the client data the browser signed over (type, challenge, origin). */
            clientDataJSON: string;
            /** @description base64url of the new public key (SubjectPublicKeyInfo); the server reads it from the attestation. */
            publicKey?: string;
            /**
             * @description COSE algorithm of the new key.
             * @example -7
             */
            publicKeyAlgorithm?: number;
            /**
             * @description How the browser reached the authenticator.
             * @example [
             *       "internal",
             *       "hybrid"
             *     ]
             */
            transports?: string[];
        };
        AuditEventDto: {
            /** @example auth.login */
            action: string;
            /** @description Who did it; null for anonymous events. */
            actorId: string | null;
            /** Format: date-time */
            at: string;
            details: {
                [key: string]: unknown;
            } | null;
            id: number;
            ip: string | null;
            requestId: string | null;
            targetId: string | null;
            targetType: string | null;
        };
        AuthConfigDto: {
            /** @description Mail is configured (verification, password reset and invite mails work). */
            emailEnabled: boolean;
            /** @description Users must verify their email before changing anything. */
            emailVerificationRequired: boolean;
            /** @description No account exists yet: registering creates the first admin. */
            firstRun: boolean;
            /**
             * @example invite
             * @enum {string}
             */
            registrationMode: "open" | "invite" | "closed";
        };
        AuthenticationCredentialDto: {
            /**
             * @description Whether the authenticator is built into the device or a separate one.
             * @enum {string}
             */
            authenticatorAttachment?: "platform" | "cross-platform";
            /** @description Outputs of client extensions (`credProps`, …); `{}` when none. */
            clientExtensionResults: {
                [key: string]: unknown;
            };
            /** @description The credential id, base64url. */
            id: string;
            /** @description The same id (WebAuthn sends it twice). */
            rawId: string;
            response: components["schemas"]["AssertionResponseDto"];
            /**
             * @description Always `public-key`.
             * @enum {string}
             */
            type: "public-key";
        };
        AuthenticatorSelectionDto: {
            /** @enum {string} */
            authenticatorAttachment?: "platform" | "cross-platform";
            requireResidentKey?: boolean;
            /**
             * @description `preferred`: make a discoverable credential (a passkey) when the authenticator can.
             * @enum {string}
             */
            residentKey?: "required" | "discouraged" | "preferred";
            /** @enum {string} */
            userVerification?: "required" | "discouraged" | "preferred";
        };
        BackupFailureDto: {
            error: string | null;
            /** Format: date-time */
            finishedAt: string;
            policyName: string;
            runId: string;
        };
        BackupHealthDto: {
            /** @description The newest failed run; null when none failed. */
            lastFailure: components["schemas"]["BackupFailureDto"] | null;
            /** @description The newest backup whose verification passed; null when there is none. */
            newestVerified: components["schemas"]["BackupRunRefDto"] | null;
            targets: components["schemas"]["BackupTargetUsageDto"][];
        };
        BackupIdentityDto: {
            /** Format: date-time */
            createdAt: string | null;
            /**
             * Format: date-time
             * @description When an admin last downloaded the secret key; null: never, so no copy exists outside this server.
             */
            downloadedAt: string | null;
            exists: boolean;
            /** @description Public half (`age1…`) every backup is encrypted to. */
            recipient: string | null;
        };
        BackupJobAcceptedDto: {
            /**
             * @description What was queued.
             * @enum {string}
             */
            job: "run" | "verify" | "restore";
            runId: string;
        };
        BackupManifestSummaryDto: {
            appVersion: string;
            createdAt: string;
            finishedAt: string;
            migration: string | null;
            photos: {
                bytes: number;
                count: number;
                plainBytes: number;
            };
            postgresVersion: string | null;
            /** @description Row counts per table (`schema.table`). */
            tables: {
                [key: string]: number;
            };
        };
        BackupPolicyDto: {
            /** Format: date-time */
            createdAt: string;
            drillSchedule: string | null;
            enabled: boolean;
            id: string;
            includeDatabase: boolean;
            includePhotos: boolean;
            name: string;
            /** @description The next five scheduled runs (empty while disabled). */
            nextRuns: string[];
            recipients: string[];
            retention: components["schemas"]["RetentionRulesDto"];
            schedule: string;
            targetIds: string[];
            timeZone: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Send it back when changing the policy; a stale version is refused with 409. */
            version: number;
        };
        BackupRestoreStateDto: {
            error?: string;
            finishedAt?: string;
            /** @description Photo blobs copied back into the photo storage. */
            photosCopied?: number;
            /** @description The backup taken of the database just before it was replaced. */
            safetyRunId?: string;
            startedAt: string;
            /** @enum {string} */
            status: "running" | "succeeded" | "failed";
        };
        BackupRunDto: {
            /** @description Progress: bytes processed so far, out of about `bytesEstimated`. */
            bytesDone: number;
            bytesEstimated: number | null;
            /** Format: date-time */
            createdAt: string;
            /** @description Seconds from start to end; null while queued or running. */
            durationSeconds: number | null;
            error: string | null;
            /** Format: date-time */
            finishedAt: string | null;
            id: string;
            manifest: components["schemas"]["BackupManifestSummaryDto"] | null;
            /** Format: uuid */
            policyId: string | null;
            policyName: string;
            /**
             * Format: date-time
             * @description When retention deleted its objects; null while they are kept.
             */
            prunedAt: string | null;
            /** @description The last restore of this backup; null when it was never restored. */
            restore: components["schemas"]["BackupRestoreStateDto"] | null;
            /** @description The size differs by more than 50 % from the median of the policy's last 7 good runs. */
            sizeAnomaly: boolean;
            /** @description Encrypted size as stored on one target. */
            sizeBytes: number | null;
            /** Format: date-time */
            startedAt: string | null;
            /** @enum {string} */
            status: "queued" | "running" | "succeeded" | "failed" | "verified";
            targets: components["schemas"]["BackupTargetResultDto"][];
            /** @enum {string} */
            trigger: "schedule" | "manual" | "safety";
            verifications: components["schemas"]["BackupVerificationDto"][];
        };
        BackupRunRefDto: {
            /** Format: date-time */
            finishedAt: string;
            policyName: string;
            runId: string;
        };
        BackupTargetResultDto: {
            bytesWritten: number;
            durationMs: number;
            error?: string;
            providerId: string;
            providerName: string;
            /** @enum {string} */
            status: "complete" | "failed";
        };
        BackupTargetUsageDto: {
            /** @description Bytes of the kept backups (dumps and manifests) and of the photo copies on the target. */
            bytes: number;
            providerId: string;
            providerName: string;
        };
        BackupVerificationDto: {
            at: string;
            durationMs: number;
            error?: string;
            /** @enum {string} */
            level: "quick" | "full" | "drill";
            ok: boolean;
            providerId: string;
            summary: string;
        };
        BottleDetailDto: {
            /**
             * @description Where the 256 px thumbnail of its cover photo is served (with the same authentication as the API);
             *     null while it has no photo or the cover is still processing.
             * @example /api/v1/bottles/0195…/photos/0196…/thumb-256
             */
            coverThumbnail: string | null;
            /** Format: date-time */
            createdAt: string;
            /**
             * @description ISO 4217 code of the price and value.
             * @example GBP
             */
            currency: string | null;
            /**
             * @description What is left: the size minus the pours in the ledger.
             * @example 455.5
             */
            currentVolumeMl: number;
            /** @description What it is worth today, in `currency`. */
            estimatedValue: number | null;
            externalId: string | null;
            /**
             * @description What is left, in percent of the size (one decimal).
             * @example 65.1
             */
            fillPercent: number;
            /** @description Day it was emptied (YYYY-MM-DD). */
            finishedAt: string | null;
            id: string;
            /** @description Null while it has no place. */
            location: components["schemas"]["BottleLocationDto"] | null;
            notes: string | null;
            /**
             * @description Day it was opened (YYYY-MM-DD).
             * @example 2025-03-14
             */
            openedAt: string | null;
            /**
             * @description Entries in its pour ledger.
             * @example 7
             */
            pourCount: number;
            /**
             * @description Day of purchase (YYYY-MM-DD).
             * @example 2024-12-01
             */
            purchasedAt: string | null;
            /**
             * @description What was paid, in `currency`.
             * @example 89.9
             */
            purchasePrice: number | null;
            shop: string | null;
            /** @example 700 */
            sizeMl: number;
            /** @enum {string} */
            status: "open" | "sealed" | "finished" | "gifted" | "sold";
            /**
             * @description Millilitres poured from it so far, corrections included.
             * @example 244.5
             */
            totalPouredMl: number;
            /** Format: date-time */
            updatedAt: string;
            /** @description Send it back when changing the bottle; a stale version is refused with 409. */
            version: number;
            whisky: components["schemas"]["BottleWhiskyDto"];
        };
        BottleDto: {
            /**
             * @description Where the 256 px thumbnail of its cover photo is served (with the same authentication as the API);
             *     null while it has no photo or the cover is still processing.
             * @example /api/v1/bottles/0195…/photos/0196…/thumb-256
             */
            coverThumbnail: string | null;
            /** Format: date-time */
            createdAt: string;
            /**
             * @description ISO 4217 code of the price and value.
             * @example GBP
             */
            currency: string | null;
            /**
             * @description What is left: the size minus the pours in the ledger.
             * @example 455.5
             */
            currentVolumeMl: number;
            /** @description What it is worth today, in `currency`. */
            estimatedValue: number | null;
            externalId: string | null;
            /**
             * @description What is left, in percent of the size (one decimal).
             * @example 65.1
             */
            fillPercent: number;
            /** @description Day it was emptied (YYYY-MM-DD). */
            finishedAt: string | null;
            id: string;
            /** @description Null while it has no place. */
            location: components["schemas"]["BottleLocationDto"] | null;
            notes: string | null;
            /**
             * @description Day it was opened (YYYY-MM-DD).
             * @example 2025-03-14
             */
            openedAt: string | null;
            /**
             * @description Day of purchase (YYYY-MM-DD).
             * @example 2024-12-01
             */
            purchasedAt: string | null;
            /**
             * @description What was paid, in `currency`.
             * @example 89.9
             */
            purchasePrice: number | null;
            shop: string | null;
            /** @example 700 */
            sizeMl: number;
            /** @enum {string} */
            status: "open" | "sealed" | "finished" | "gifted" | "sold";
            /** Format: date-time */
            updatedAt: string;
            /** @description Send it back when changing the bottle; a stale version is refused with 409. */
            version: number;
            whisky: components["schemas"]["BottleWhiskyDto"];
        };
        BottleLocationDto: {
            id: string;
            /** @example Living-room cabinet, top shelf */
            name: string;
        };
        BottleRowDto: {
            /**
             * @description ISO 4217 code of the price and value; required with either.
             * @example GBP
             */
            currency?: string;
            /**
             * @description Size minus the pours of the ledger, for reading. An import does not set it: it recomputes it from
             *     the pours and refuses a row whose value disagrees.
             * @example 455.5
             */
            currentVolumeMl?: number | null;
            /**
             * @description What the bottle is worth today, in `currency`.
             * @example 120
             */
            estimatedValue?: number;
            /** @description Day it was emptied (YYYY-MM-DD). */
            finishedAt?: string | null;
            /** @description Its `externalId`, else its database id. */
            id: string;
            /** @description The `id` of its location; empty for none. */
            locationId?: string | null;
            notes?: string;
            /** @description Day it was opened (YYYY-MM-DD). */
            openedAt?: string | null;
            /**
             * @description Day of purchase.
             * @example 2025-03-14
             */
            purchasedAt?: string;
            /**
             * @description What was paid, in `currency`.
             * @example 89.9
             */
            purchasePrice?: number;
            /** @example The Whisky Exchange */
            shop?: string;
            /**
             * @description Nominal size; defaults to the whisky's default size.
             * @example 700
             */
            sizeMl?: number;
            /** @enum {string} */
            status: "open" | "sealed" | "finished" | "gifted" | "sold";
            /** @description The `id` of its whisky. */
            whiskyId: string;
        };
        BottlesByStatusDto: {
            finished: number;
            gifted: number;
            open: number;
            sealed: number;
            sold: number;
        };
        BottleWhiskyDto: {
            /**
             * @description Alcohol by volume in percent.
             * @example 43
             */
            abv: number;
            /** @example Lagavulin */
            distillery: string | null;
            id: string;
            /** @example Lagavulin 16 */
            name: string;
        };
        ChangePasswordDto: {
            currentPassword: string;
            newPassword: string;
        };
        CollectionDocumentDto: {
            bottles: components["schemas"]["BottleRowDto"][];
            /** Format: date-time */
            exportedAt: string;
            /** @example whiskey-tracker */
            format: string;
            locations: components["schemas"]["LocationRowDto"][];
            pours: components["schemas"]["PourRowDto"][];
            /** @example 1 */
            version: number;
            whiskies: components["schemas"]["WhiskyRowDto"][];
        };
        CollectionStatsDto: {
            bottlesByStatus: components["schemas"]["BottlesByStatusDto"];
            /** @description Bottles on hand by country of the whisky, most first. */
            byCountry: components["schemas"]["StatsGroupDto"][];
            /** @description Bottles on hand by region of the whisky, most first. */
            byRegion: components["schemas"]["StatsGroupDto"][];
            /** @description Bottles on hand by style of the whisky, most first. */
            byStyle: components["schemas"]["StatsGroupDto"][];
            /**
             * @description Whisky left in the bottles on hand, in litres (two decimals).
             * @example 8.35
             */
            litresOnHand: number;
            /** @description The ten whiskies poured most, by millilitres. */
            mostPoured: components["schemas"]["PouredWhiskyDto"][];
            /** @example 5 */
            openBottles: number;
            /** @description The last 12 months including the current one, oldest first, in the caller's time zone. */
            poursPerMonth: components["schemas"]["MonthlyPoursDto"][];
            /**
             * @description Purchase prices and estimated values of the bottles on hand, per currency (bottles without a
             *     currency are left out: their amounts cannot be added to anything).
             */
            value: components["schemas"]["CollectionValueDto"][];
        };
        CollectionValueDto: {
            /**
             * @description ISO 4217.
             * @example CHF
             */
            currency: string;
            /**
             * @description Sum of the estimated values.
             * @example 1500
             */
            estimated: number;
            /**
             * @description Sum of the purchase prices.
             * @example 1234.5
             */
            paid: number;
        };
        CompositionItemDto: {
            /**
             * @description Millilitres of it in the vessel (one decimal).
             * @example 50
             */
            ml: number;
            /**
             * @description Share of the volume in percent (one decimal; the shares add up to 100).
             * @example 20
             */
            percent: number;
            whiskyId: string;
            /** @example Talisker 10 */
            whiskyName: string;
        };
        ConfirmTotpDto: {
            /**
             * @description The 6-digit code the app shows now.
             * @example 492039
             */
            code: string;
        };
        ConfirmWithSecondFactorDto: {
            /**
             * @description The 6-digit code the authenticator app shows now. Send this or `recoveryCode`.
             * @example 492039
             */
            code?: string;
            /** @description The current password of the account. */
            password: string;
            /**
             * @description One of the recovery codes (case, spaces and dashes do not matter); each works once. Send this or
             *     `code`.
             * @example 7k2m-q9xd-4hfa-0nwe
             */
            recoveryCode?: string;
        };
        ConnectionTestResultDto: {
            /** @description Free space reported by the back end, when it reports one. */
            freeBytes?: number;
            /**
             * @description SFTP without a pinned host key only: the fingerprint the server presented (trust on first use).
             *     A saved provider keeps it when the test passed.
             */
            hostKeyFingerprint?: string;
            /** @description Every step succeeded. */
            ok: boolean;
            steps: components["schemas"]["ConnectionTestStepDto"][];
            /** Format: date-time */
            testedAt: string;
        };
        ConnectionTestStepDto: {
            /** @description The provider's explanation when the step failed; never contains secrets. */
            error?: string;
            /**
             * @description Class of the error when the step failed.
             * @example StorageAuthError
             */
            errorType?: string;
            /**
             * @description Time the step took; 0 when skipped.
             * @example 12
             */
            latencyMs: number;
            /**
             * @description `skipped` when an earlier step failed and this one could not run.
             * @enum {string}
             */
            status: "ok" | "failed" | "skipped";
            /** @enum {string} */
            step: "write" | "read" | "list" | "delete";
        };
        ConsoleLinksDto: {
            /**
             * @description Swagger UI.
             * @example /api/docs
             */
            apiDocs: string;
            /** @description Failed jobs kept on the job board, all queues together; `null` unless the caller administers the instance. */
            failedJobs: number | null;
            /**
             * @description The configured Grafana; `null` when GRAFANA_URL is unset.
             * @example http://nas.local:3001
             */
            grafana: string | null;
            /** @description Whether the caller administers the instance (registration mode, job board). */
            instanceAdmin: boolean;
            /**
             * @description The Bull job board; `null` unless the caller administers the instance.
             * @example /admin/queues
             */
            jobBoard: string | null;
        };
        CreateApiTokenDto: {
            /**
             * Format: date-time
             * @description When it stops working; omit for no expiry.
             */
            expiresAt?: string;
            /**
             * @description What it is for.
             * @example Home Assistant
             */
            name: string;
            /**
             * @description `read` tokens can only use GET routes.
             * @enum {string}
             */
            scope: "read" | "write";
        };
        CreateBackupPolicyDto: {
            /**
             * @description When a restore drill checks the newest backup (cron in `timeZone`); null: never.
             * @default 0 4 * * 0
             * @example 0 4 * * 0
             */
            drillSchedule?: string | null;
            /** @default false */
            enabled?: boolean;
            /** @default true */
            includeDatabase?: boolean;
            /** @default true */
            includePhotos?: boolean;
            /**
             * @description Unique name.
             * @example Nightly to the NAS
             */
            name: string;
            /**
             * @description Extra age recipients (`age1…`) each backup is encrypted to, besides the instance's backup
             *     identity: e.g. a key kept offline.
             * @default []
             */
            recipients?: string[];
            retention: components["schemas"]["RetentionRulesDto"];
            /**
             * @description Five-field cron expression in `timeZone`; at most every 15 minutes.
             * @example 0 3 * * *
             */
            schedule: string;
            /** @description Storage providers to write each backup to (at least one to enable the policy). */
            targetIds: string[];
            /**
             * @description IANA time zone of the schedule and of the retention's days and weeks.
             * @example Europe/Berlin
             */
            timeZone: string;
        };
        CreateBottleDto: {
            /**
             * @description ISO 4217 code of the price and value; required with either.
             * @example GBP
             */
            currency?: string;
            /**
             * @description What is left in a bottle that is already open (at most `sizeMl`). The difference is recorded in
             *     the pour ledger as a `correction`, so the ledger stays the truth; 0 adds the bottle as finished.
             * @example 450
             */
            currentVolumeMl?: number;
            /**
             * @description What the bottle is worth today, in `currency`.
             * @example 120
             */
            estimatedValue?: number;
            /** @description Stable id from another system, kept across exports and imports. */
            externalId?: string;
            /**
             * Format: uuid
             * @description Where it is kept.
             */
            locationId?: string;
            notes?: string;
            /**
             * @description Day of purchase.
             * @example 2025-03-14
             */
            purchasedAt?: string;
            /**
             * @description What was paid, in `currency`.
             * @example 89.9
             */
            purchasePrice?: number;
            /** @example The Whisky Exchange */
            shop?: string;
            /**
             * @description Nominal size; defaults to the whisky's default size.
             * @example 700
             */
            sizeMl?: number;
            /**
             * @description `sealed` (the default) or `open`. Omitted with a `currentVolumeMl` below the size, the bottle is
             *     added as open.
             * @enum {string}
             */
            status?: "open" | "sealed";
            /**
             * Format: uuid
             * @description The whisky it is a bottle of.
             */
            whiskyId: string;
        };
        CreatedApiTokenDto: {
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string | null;
            id: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            /**
             * @description Its first characters, to tell tokens apart.
             * @example wt_Xk3a9Qz
             */
            prefix: string;
            /** @enum {string} */
            scope: "read" | "write";
            /** @description Use as `Authorization: Bearer <token>`. It cannot be shown again. */
            token: string;
        };
        CreatedInviteDto: {
            /** Format: date-time */
            createdAt: string;
            email: string | null;
            /** Format: date-time */
            expiresAt: string;
            id: string;
            /** @description Registration link to hand to the invitee. */
            link: string;
            /** @enum {string} */
            role: "admin" | "user" | "read_only";
            /**
             * @description `open` until used, revoked or expired.
             * @enum {string}
             */
            status: "open" | "revoked" | "used" | "expired";
            /** @description The secret of the invite; also part of `link`. */
            token: string;
        };
        CreateInfinityBottleDto: {
            /**
             * @description What the vessel holds, in ml.
             * @example 700
             */
            capacityMl: number;
            /** @example The Solera */
            name: string;
            notes?: string;
        };
        CreateInviteDto: {
            /**
             * Format: email
             * @description Only this address may use it; it is mailed there when mail is configured.
             */
            email?: string;
            /**
             * @description Days until it expires.
             * @default 7
             */
            expiresInDays?: number;
            /**
             * @description The role the new user gets.
             * @enum {string}
             */
            role: "admin" | "user" | "read_only";
        };
        CreateLocationDto: {
            /** @example Behind the glass door, away from the window */
            description?: string | null;
            /** @description Stable id from another system, so re-importing updates instead of duplicating. */
            externalId?: string | null;
            /**
             * @description Unique in the household (409 otherwise); surrounding spaces are removed.
             * @example Living-room cabinet, top shelf
             */
            name: string;
        };
        CreatePourDto: {
            /**
             * @description Millilitres, one decimal (at most the ledger's 5000).
             * @example 25
             */
            ml: number;
            notes?: string;
            /**
             * Format: date-time
             * @description When it was poured; now when omitted. Not in the future.
             */
            pouredAt?: string;
            /** @enum {string} */
            reason: "dram" | "tasting" | "share" | "spill" | "correction";
        };
        CreateSessionDto: {
            /** @description Participants other than the host see the flight as "Sample 1…n" until revealed. Default false. */
            blind?: boolean;
            /**
             * Format: uuid
             * @description The member who hosts it (a member of the household); the caller when omitted.
             */
            hostUserId?: string;
            notes?: string;
            /** @example "Ada"s kitchen" */
            place?: string;
            /**
             * Format: date-time
             * @description When it is meant to begin.
             * @example 2026-12-05T19:30:00Z
             */
            startsAt: string;
            /** @example Islay night */
            title: string;
        };
        CreateSsoProviderDto: {
            /**
             * @description Give people with a verified email that no account has an account on their first sign-in.
             *     Default false: only existing accounts can sign in.
             */
            autoProvision?: boolean;
            /**
             * @description Text of the button on the login screen.
             * @example Sign in with Authentik
             */
            buttonLabel: string;
            /** @example whiskey-tracker */
            clientId: string;
            /** @description Secret (write-only), encrypted at rest and never returned; omit for a public client (PKCE only). */
            clientSecret?: string;
            /**
             * @description Role of auto-provisioned accounts whose groups map to none. Default `user`.
             * @enum {string}
             */
            defaultRole?: "admin" | "user" | "read_only";
            /** @description Whether its button is offered and sign-ins through it work. Default true. */
            enabled?: boolean;
            /**
             * @description Group → role, applied at every sign-in (the highest role wins; with the claim present and no
             *     group mapped, the default role). Empty (default): roles are managed here.
             * @example {
             *       "whisky-admins": "admin",
             *       "whisky-friends": "read_only"
             *     }
             */
            groupRoleMap?: {
                [key: string]: "admin" | "user" | "read_only";
            };
            /**
             * @description Claim listing the person's groups. Default `groups`.
             * @example groups
             */
            groupsClaim?: string;
            /**
             * Format: uuid
             * @description Household of auto-provisioned accounts; omitted or null: the founding household.
             */
            householdId?: string | null;
            /**
             * Format: uri
             * @description The provider's issuer identifier; `https://` (plain http only for this machine or with
             *     OIDC_ALLOW_HTTP=true).
             * @example https://auth.example.org/application/o/whiskey/
             */
            issuerUrl: string;
            /** @example Authentik */
            name: string;
            /**
             * @description Space-separated, including `openid`.
             * @default openid email profile
             * @example openid email profile groups
             */
            scopes?: string;
            /**
             * @description In the sign-in URLs; cannot change later, since the provider knows the callback URL
             *     `<PUBLIC_URL>/api/v1/auth/sso/<slug>/callback`.
             * @example authentik
             */
            slug: string;
        };
        CreateStorageProviderDto: {
            /**
             * @description Unique name.
             * @example NAS (WebDAV)
             */
            name: string;
            /** @description The type and its settings; secrets are encrypted at rest and never returned */
            settings: components["schemas"]["LocalStorageSettingsDto"] | components["schemas"]["S3StorageSettingsDto"] | components["schemas"]["WebdavStorageSettingsDto"] | components["schemas"]["SftpStorageSettingsDto"] | components["schemas"]["RcloneStorageSettingsDto"];
        };
        CreateTastingNoteDto: {
            finish?: string | null;
            /**
             * @description Slugs of the flavour vocabulary (`GET /flavour-tags`); an unknown slug is refused with 422.
             * @example [
             *       "peaty",
             *       "vanilla"
             *     ]
             */
            flavourTags?: string[];
            /**
             * Format: uuid
             * @description The sample of a live or finished session the caller takes part in; the whisky is the one of its
             *     bottle. One note per participant and sample (409 for a second).
             */
            flightItemId?: string;
            /**
             * @description The author's own words for what the vocabulary lacks; stored trimmed and lower-cased.
             * @example [
             *       "campfire marshmallow"
             *     ]
             */
            freeTags?: string[];
            /**
             * @description Blind sessions only: the author's guess in words.
             * @example An Islay, 10 years or so
             */
            guessText?: string | null;
            /**
             * Format: uuid
             * @description Blind sessions only: the whisky the author thinks the sample is.
             */
            guessWhiskyId?: string | null;
            /** @example Peat smoke, iodine, a little vanilla */
            nose?: string | null;
            overall?: string | null;
            palate?: string | null;
            /**
             * @description In the author's rating scale (see the profile's `ratingScale`): 0–100 or 0–10 with one decimal, or
             *     0–5 stars in halves. A value outside the scale is refused with 422.
             * @example 87
             */
            score?: number | null;
            /**
             * @description What was in the glass, in ml.
             * @example 20
             */
            servedMl?: number | null;
            /**
             * Format: uuid
             * @description The whisky of a note taken outside any session. Exactly one of `whiskyId` and `flightItemId`.
             */
            whiskyId?: string;
        };
        CreateWhiskyDto: {
            /**
             * @description Alcohol by volume in percent, at most one decimal.
             * @example 43
             */
            abv: number;
            /**
             * @description Age statement in years; null (or absent) for no age statement (NAS).
             * @example 16
             */
            ageYears?: number | null;
            /**
             * @description EAN-8, EAN-13, UPC-A or UPC-E codes with a valid check digit; spaces are removed. A code belongs
             *     to one whisky of the household (409 otherwise). In a change, the list replaces the whole set.
             * @example [
             *       "5000281005416"
             *     ]
             */
            barcodes?: string[];
            /**
             * @description Year of bottling, 1800 to the current year, not before `vintageYear` (422).
             * @example 2024
             */
            bottledYear?: number | null;
            /**
             * @description `official` (the distillery's own bottling, the default) or `independent`.
             * @enum {string}
             */
            bottlerKind?: "official" | "independent";
            /**
             * @description The independent bottler; required when `bottlerKind` is `independent` (422 otherwise).
             * @example Signatory Vintage
             */
            bottlerName?: string | null;
            /** @description Bottled at cask strength; false when left out. */
            caskStrength?: boolean;
            /**
             * @example [
             *       "ex-bourbon",
             *       "oloroso sherry"
             *     ]
             */
            caskTypes?: string[];
            /** @description Null when unknown. */
            chillFiltered?: boolean | null;
            /** @example Scotland */
            country?: string | null;
            /**
             * @description Usual bottle size in ml, 50 to 5000; 700 when left out.
             * @example 700
             */
            defaultSizeMl?: number;
            /** @example Lagavulin */
            distillery?: string | null;
            /** @description Stable id from another system, so re-importing updates instead of duplicating. */
            externalId?: string | null;
            /**
             * Format: uri
             * @description A page about it (http or https).
             * @example https://www.whiskybase.com/whiskies/whisky/1234
             */
            externalUrl?: string | null;
            /** @example Lagavulin 16 */
            name: string;
            /** @description Null when unknown. */
            naturalColour?: boolean | null;
            notes?: string | null;
            /** @example Islay */
            region?: string | null;
            /**
             * @example single_malt
             * @enum {string}
             */
            style: "single_malt" | "blended_malt" | "blend" | "single_grain" | "bourbon" | "rye" | "other";
            /**
             * @description Stored trimmed, lower-cased and without duplicates.
             * @example [
             *       "peated",
             *       "islay"
             *     ]
             */
            tags?: string[];
            /**
             * @description Year of distillation, 1800 to the current year.
             * @example 2008
             */
            vintageYear?: number | null;
        };
        CreationOptionsDto: {
            /**
             * @example none
             * @enum {string}
             */
            attestation?: "none" | "direct" | "enterprise" | "indirect";
            authenticatorSelection?: components["schemas"]["AuthenticatorSelectionDto"];
            /** @description base64url; single-use, valid 5 minutes. */
            challenge: string;
            /** @description The caller's passkeys, so the same authenticator is not registered twice. */
            excludeCredentials?: components["schemas"]["CredentialDescriptorDto"][];
            /** @description Extension inputs (`credProps`). */
            extensions?: Record<string, never>;
            pubKeyCredParams: components["schemas"]["CredentialParameterDto"][];
            rp: components["schemas"]["RelyingPartyDto"];
            /**
             * @description Milliseconds the browser may wait for the person.
             * @example 300000
             */
            timeout?: number;
            user: components["schemas"]["WebAuthnUserDto"];
        };
        CredentialDescriptorDto: {
            /** @description The credential id, base64url. */
            id: string;
            /**
             * @example [
             *       "internal"
             *     ]
             */
            transports?: string[];
            /** @example public-key */
            type: string;
        };
        CredentialParameterDto: {
            /**
             * @description COSE algorithm identifier.
             * @example -7
             */
            alg: number;
            /** @example public-key */
            type: string;
        };
        DownloadBackupIdentityDto: {
            password: string;
        };
        FieldErrorDto: {
            /**
             * @description Dotted path of the offending field.
             * @example perPage
             */
            field: string;
            /**
             * @description What is wrong with it.
             * @example perPage must not be greater than 100
             */
            message: string;
        };
        FlavourCountDto: {
            /** @example 3 */
            count: number;
            /** @example Peaty */
            label: string;
            /** @example peaty */
            slug: string;
        };
        FlavourFamilyDto: {
            /** @example smoky */
            family: string;
            tags: components["schemas"]["FlavourTagDto"][];
        };
        FlavourTagDto: {
            /** @example Peaty */
            label: string;
            /**
             * @description What notes store in `flavourTags`.
             * @example peaty
             */
            slug: string;
        };
        FlightItemDto: {
            /** @description The bottle it is poured from; absent while the identity is hidden. */
            bottleId?: string;
            /**
             * @description ISO 4217 code of `price`; absent while the identity is hidden.
             * @example GBP
             */
            currency?: string | null;
            id: string;
            /**
             * @description Whether whisky, bottle and price are withheld from this viewer.
             * @example false
             */
            identityHidden: boolean;
            /**
             * @description What everyone calls it.
             * @example Sample 1
             */
            label: string;
            /**
             * @description What each participant gets.
             * @example 20
             */
            mlPerParticipant: number;
            /**
             * @description 1-based place in the flight.
             * @example 1
             */
            position: number;
            /**
             * @description The bottle's purchase price in `currency`; absent while the identity is hidden.
             * @example 89.9
             */
            price?: number | null;
            /**
             * Format: date-time
             * @description When it was revealed to everyone; finishing the session reveals every sample.
             */
            revealedAt: string | null;
            /**
             * Format: date-time
             * @description When its pour was taken from the bottle (the session started); null before.
             */
            servedAt: string | null;
            /** @description Absent while the identity is hidden. */
            whisky?: components["schemas"]["FlightWhiskyDto"];
        };
        FlightItemResultDto: {
            flightItemId: string;
            /**
             * @description Blind sessions only, once the sample is revealed or the session finished: the guesses of those who
             *     noted the sample. Null otherwise.
             */
            guesses: components["schemas"]["GuessDto"][] | null;
            /** @description Scores in the viewer's preferred scale: min and max rounded to its step (halves for stars). */
            inScale: components["schemas"]["ScoreSummaryDto"];
            /** @example Sample 1 */
            label: string;
            /** @description Scores normalised to 0–100. */
            normalised: components["schemas"]["ScoreSummaryDto"];
            /**
             * @description 1-based place in the flight.
             * @example 1
             */
            position: number;
            /**
             * @description Place by average score (1 = highest; equal averages share a place); null without scores.
             * @example 1
             */
            rank: number | null;
            /**
             * @description How many participants scored it.
             * @example 3
             */
            scoreCount: number;
            /** @description Every participant of the session, in the order they joined. */
            scores: components["schemas"]["ParticipantScoreDto"][];
            /** @description The three flavours noted most often, most first. */
            topFlavours: components["schemas"]["FlavourCountDto"][];
            /** @description Null while the sample's identity is hidden from the viewer (blind session, not yet revealed). */
            whisky: components["schemas"]["ResultWhiskyDto"] | null;
        };
        FlightWhiskyDto: {
            /**
             * @description Alcohol by volume in percent.
             * @example 43
             */
            abv: number;
            /** @example Lagavulin */
            distillery: string | null;
            id: string;
            /** @example Lagavulin 16 */
            name: string;
        };
        GuessDto: {
            /** @description The picked whisky is the sample's, or (without a pick) the words name it. */
            correct: boolean;
            /** @example Ada */
            displayName: string;
            /**
             * @description Their guess in their own words.
             * @example Something from Islay, 16 years?
             */
            guessText: string | null;
            /** @description The whisky of the collection they picked, if they picked one. */
            guessWhiskyId: string | null;
            /** @example Lagavulin 16 */
            guessWhiskyName: string | null;
            participantId: string;
        };
        GuestDto: {
            /** @example Fergus */
            displayName: string;
            /** @description Their participant row in the session. */
            participantId: string;
        };
        GuestNoteDto: {
            finish?: string | null;
            /**
             * @description Slugs of the flavour vocabulary (`GET /flavour-tags`); an unknown slug is refused with 422.
             * @example [
             *       "peaty",
             *       "vanilla"
             *     ]
             */
            flavourTags?: string[];
            /**
             * @description The author's own words for what the vocabulary lacks; stored trimmed and lower-cased.
             * @example [
             *       "campfire marshmallow"
             *     ]
             */
            freeTags?: string[];
            /**
             * @description Blind sessions only: the author's guess in words.
             * @example An Islay, 10 years or so
             */
            guessText?: string | null;
            /**
             * Format: uuid
             * @description Blind sessions only: the whisky the author thinks the sample is.
             */
            guessWhiskyId?: string | null;
            /** @example Peat smoke, iodine, a little vanilla */
            nose?: string | null;
            overall?: string | null;
            palate?: string | null;
            /**
             * @description The scale of `score` (and of the score in the response); 100 points when left out.
             * @enum {string}
             */
            scale?: "points100" | "points10" | "stars5";
            /**
             * @description In the author's rating scale (see the profile's `ratingScale`): 0–100 or 0–10 with one decimal, or
             *     0–5 stars in halves. A value outside the scale is refused with 422.
             * @example 87
             */
            score?: number | null;
            /**
             * @description What was in the glass, in ml.
             * @example 20
             */
            servedMl?: number | null;
            /** @description The version last read, to refuse (409) overwriting a change made elsewhere; optional. */
            version?: number;
        };
        GuestSessionDto: {
            /** @example true */
            blind: boolean;
            guest: components["schemas"]["GuestDto"];
            /** @description In flight order. */
            items: components["schemas"]["FlightItemDto"][];
            /** @description The guest's own notes, in flight order. */
            notes: components["schemas"]["TastingNoteDto"][];
            /** @example "Ada"s kitchen" */
            place: string | null;
            /**
             * Format: date-time
             * @example 2026-12-05T19:30:00Z
             */
            startsAt: string;
            /**
             * @description Notes can be written while `live`.
             * @enum {string}
             */
            status: "finished" | "planned" | "live" | "cancelled";
            /** @example Islay night */
            title: string;
        };
        HouseholdUserDto: {
            /** Format: date-time */
            createdAt: string;
            /**
             * @description ISO 4217 code.
             * @example GBP
             */
            currency: string;
            disabled: boolean;
            /** @example Ada */
            displayName: string;
            /** @example ada@example.org */
            email: string;
            emailVerified: boolean;
            householdId: string;
            /** @example 0195b3c2-7f4e-7a1c-9a55-1c0de0a1b2c3 */
            id: string;
            /** @example en-GB */
            locale: string;
            /** @enum {string} */
            ratingScale: "points100" | "points10" | "stars5";
            /** @enum {string} */
            role: "admin" | "user" | "read_only";
            /** @example Europe/London */
            timeZone: string;
            /**
             * @description The second factors the member has set up: `totp` (an authenticator app, with its recovery codes)
             *     and `passkey`. Empty: they sign in with the password (or single sign-on) alone.
             * @example [
             *       "totp"
             *     ]
             */
            twoFactor: ("passkey" | "totp")[];
            /** @description Send it back when changing the account; a stale version is refused with 409. */
            version: number;
        };
        ImportCountsDto: {
            bottles: components["schemas"]["ImportKindCountsDto"];
            locations: components["schemas"]["ImportKindCountsDto"];
            pours: components["schemas"]["ImportKindCountsDto"];
            whiskies: components["schemas"]["ImportKindCountsDto"];
        };
        ImportKindCountsDto: {
            /** @description Rows that create a record. */
            create: number;
            /** @description Rows that match an existing record that already looks like the row. */
            unchanged: number;
            /** @description Rows that change an existing record. */
            update: number;
        };
        ImportRejectedDto: {
            counts: components["schemas"]["ImportCountsDto"];
            /** @example The file has 3 errors; nothing was imported */
            detail: string;
            /** @description Nothing was written: only checked. */
            dryRun: boolean;
            /** @description How many problems were found in all. */
            errorCount: number;
            /** @description The problems found, at most 1000 (see `errorCount`). */
            errors: components["schemas"]["ImportRowErrorDto"][];
            /**
             * @description Format recognised from the content.
             * @enum {string}
             */
            format: "json" | "csv" | "xlsx" | "zip";
            /** @example /api/v1/import */
            instance: string;
            requestId?: string;
            /** @example 422 */
            status: number;
            /** @example Unprocessable Content */
            title: string;
            /** @example /problems/unprocessable-content */
            type: string;
            /** @description The file has no errors: a real import writes it all. */
            valid: boolean;
        };
        ImportReportDto: {
            counts: components["schemas"]["ImportCountsDto"];
            /** @description Nothing was written: only checked. */
            dryRun: boolean;
            /** @description How many problems were found in all. */
            errorCount: number;
            /** @description The problems found, at most 1000 (see `errorCount`). */
            errors: components["schemas"]["ImportRowErrorDto"][];
            /**
             * @description Format recognised from the content.
             * @enum {string}
             */
            format: "json" | "csv" | "xlsx" | "zip";
            /** @description The file has no errors: a real import writes it all. */
            valid: boolean;
        };
        ImportRowErrorDto: {
            /**
             * @description The column.
             * @example abv
             */
            field: string;
            /**
             * @example whiskies
             * @enum {string}
             */
            kind: "bottles" | "whiskies" | "pours" | "locations";
            /** @example abv must not be greater than 100 */
            message: string;
            /**
             * @description 1-based data row (the header is not counted; JSON: array index + 1); 0 for the header itself.
             * @example 3
             */
            row: number;
        };
        InfinityBottleDetailDto: {
            /** @example 700 */
            capacityMl: number;
            /** @description Largest share first. */
            composition: components["schemas"]["CompositionItemDto"][];
            /** Format: date-time */
            createdAt: string;
            /**
             * @description Volume-weighted strength in percent (one decimal); null when empty.
             * @example 44.6
             */
            estimatedAbv: number | null;
            /** @description Every addition and pour, oldest first. */
            history: components["schemas"]["InfinityEntryDto"][];
            id: string;
            /** @example The Solera */
            name: string;
            notes: string | null;
            /** @description Send it back when changing the bottle; a stale version is refused with 409. */
            version: number;
            /**
             * @description What it holds now, in ml (one decimal).
             * @example 250
             */
            volumeMl: number;
        };
        InfinityBottleDto: {
            /** @example 700 */
            capacityMl: number;
            /** Format: date-time */
            createdAt: string;
            id: string;
            /** @example The Solera */
            name: string;
            notes: string | null;
            /** @description Send it back when changing the bottle; a stale version is refused with 409. */
            version: number;
            /**
             * @description What it holds now, in ml (one decimal).
             * @example 250
             */
            volumeMl: number;
        };
        InfinityEntryDto: {
            /**
             * @description Additions: the whisky's strength in percent at the time.
             * @example 46
             */
            abv: number | null;
            /** Format: date-time */
            at: string;
            /** @description Null once the account is deleted. */
            by: components["schemas"]["InfinityEntryUserDto"] | null;
            id: string;
            /** @enum {string} */
            kind: "pour" | "addition";
            /** @example 50 */
            ml: number;
            notes: string | null;
            /** @description Additions: the bottle it came from (null once that bottle is deleted). */
            sourceBottleId: string | null;
            /** @description Additions: the whisky that went in; null for pours. */
            whisky: components["schemas"]["InfinityEntryWhiskyDto"] | null;
        };
        InfinityEntryUserDto: {
            /** @example Ada */
            displayName: string;
            id: string;
        };
        InfinityEntryWhiskyDto: {
            id: string;
            /** @example Talisker 10 */
            name: string;
        };
        InviteDto: {
            /** Format: date-time */
            createdAt: string;
            email: string | null;
            /** Format: date-time */
            expiresAt: string;
            id: string;
            /** @enum {string} */
            role: "admin" | "user" | "read_only";
            /**
             * @description `open` until used, revoked or expired.
             * @enum {string}
             */
            status: "open" | "revoked" | "used" | "expired";
        };
        LinkTokenDto: {
            token: string;
        };
        LocalStorageSettingsDto: {
            /**
             * @description Absolute path of an existing directory. Outside DATA_DIR only with STORAGE_TARGETS=any.
             * @example /var/lib/whiskey-tracker/storage
             */
            root: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "local";
        };
        LocationDto: {
            /**
             * @description Bottles at this location, whatever their status.
             * @example 12
             */
            bottleCount: number;
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            externalId: string | null;
            /** @example 0195b3c2-7f4e-7a1c-9a55-1c0de0a1b2c3 */
            id: string;
            /** @example Living-room cabinet, top shelf */
            name: string;
            /** @description Send it back when changing the location; a stale version is refused with 409. */
            version: number;
        };
        LocationRowDto: {
            /** @example Behind the glass door, away from the window */
            description?: string | null;
            /**
             * @description The record's id in the file: its `externalId` when it has one, else its database id. An import
             *     updates the record whose `externalId` (or database id) this is, and keeps it as `externalId` of
             *     what it creates.
             * @example loc-cellar
             */
            id: string;
            /**
             * @description Unique in the household (409 otherwise); surrounding spaces are removed.
             * @example Living-room cabinet, top shelf
             */
            name: string;
        };
        LoginDto: {
            /**
             * Format: email
             * @example ada@example.org
             */
            email: string;
            password: string;
        };
        MfaChallengeDto: {
            /**
             * @description Opaque and single-use; it grants nothing but the second step of this sign-in, and dies after 5
             *     wrong codes or when it expires.
             */
            challenge: string;
            /**
             * @description Seconds until the challenge expires.
             * @example 300
             */
            expiresIn: number;
            /** @description What the challenge can be completed with. */
            methods: ("passkey" | "totp" | "recovery_code")[];
            /** @description Always true: tells this answer apart from a token response. */
            mfaRequired: boolean;
        };
        MfaPolicyDto: {
            /**
             * @description `off` (nobody), `admins` (household admins) or `everyone`.
             * @enum {string}
             */
            mode: "off" | "admins" | "everyone";
            /** @description 0 while the default (`off`) applies. */
            version: number;
        };
        MfaResetDto: {
            /**
             * @description Whether the user was told by mail. False when mail is not configured or the mail server refused:
             *     the reset happened all the same, so tell them another way.
             */
            userNotified: boolean;
        };
        MfaSignInDto: {
            /** @description The `challenge` of the sign-in's answer. */
            challenge: string;
            /**
             * @description The 6-digit code the authenticator app shows now. Send this or `recoveryCode`.
             * @example 492039
             */
            code?: string;
            /** @description A passkey instead of a code: `requestId` of POST /auth/passkeys/mfa/options and the browser's answer. */
            passkey?: components["schemas"]["PasskeyAssertionDto"];
            /**
             * @description One of the recovery codes (case, spaces and dashes do not matter); each works once. Send this or
             *     `code`.
             * @example 7k2m-q9xd-4hfa-0nwe
             */
            recoveryCode?: string;
        };
        MfaStatusDto: {
            /**
             * @description Required but not turned on: until it is, the API answers 403 (problem type
             *     `/problems/two-factor-enrolment-required`) to this session everywhere but the enrolment routes,
             *     GET /users/me and sign-out.
             */
            enrolmentRequired: boolean;
            /** @description Unused recovery codes left (0 while two-factor sign-in is off). */
            recoveryCodesRemaining: number;
            /** @description Whether the instance's policy requires two-factor sign-in of this account. */
            required: boolean;
            /** @description Whether signing in asks for a code of an authenticator app. */
            totpEnabled: boolean;
            /**
             * Format: date-time
             * @description When it was turned on; null while it is off.
             */
            totpEnabledAt: string | null;
        };
        MonthlyPoursDto: {
            /** @example 392.5 */
            ml: number;
            /** @example 2026-03 */
            month: string;
            /** @example 14 */
            pours: number;
        };
        ParticipantDto: {
            /** Format: date-time */
            createdAt: string;
            /**
             * @description The guest's name, or the member's display name when they joined.
             * @example Fergus
             */
            displayName: string;
            id: string;
            /**
             * @description A guest without an account, who takes part through a personal link.
             * @example false
             */
            isGuest: boolean;
            /** @description The member's account; null for a guest. */
            userId: string | null;
        };
        ParticipantScoreDto: {
            /** @example Ada */
            displayName: string;
            participantId: string;
            /**
             * @description Normalised 0–100; null when they gave no score.
             * @example 90
             */
            score: number | null;
            /**
             * @description The same score in the viewer's scale (see `scale` of the results), rounded to its step.
             * @example 4.5
             */
            scoreInScale: number | null;
        };
        PasskeyAssertionDto: {
            /** @description The `requestId` of the options. */
            requestId: string;
            /** @description What `navigator.credentials.get()` returned, as `PublicKeyCredential.toJSON()` gives it. */
            response: components["schemas"]["AuthenticationCredentialDto"];
        };
        PasskeyDto: {
            /** @description Whether the authenticator syncs it to other devices (a backed-up passkey). */
            backedUp: boolean;
            /** Format: date-time */
            createdAt: string;
            id: string;
            /**
             * Format: date-time
             * @description When it last signed in or confirmed a sign-in; null if never.
             */
            lastUsedAt: string | null;
            /** @example MacBook Touch ID */
            name: string;
            /** @description Whether it signs in on its own, without the password. */
            passwordless: boolean;
        };
        PasskeyMfaOptionsDto: {
            /** @description The `challenge` of the sign-in's answer (`mfaRequired: true`). */
            challenge: string;
        };
        PasskeyRequestDto: {
            options: components["schemas"]["RequestOptionsDto"];
            /** @description Send it back with the answer; it works once, within 5 minutes. */
            requestId: string;
        };
        PasswordLoginSettingsDto: {
            /**
             * @description `admins_only`: everyone else must use single sign-on.
             * @enum {string}
             */
            mode: "everyone" | "admins_only";
            /** @description 0 while the default (`everyone`) applies. */
            version: number;
        };
        PasswordResetConfirmDto: {
            newPassword: string;
            token: string;
        };
        PasswordResetRequestDto: {
            /** Format: email */
            email: string;
        };
        PhotoDto: {
            /** @example image/jpeg */
            contentType: string;
            /** @description Shown for its whisky or bottle in lists. */
            cover: boolean;
            /** Format: date-time */
            createdAt: string;
            /** @enum {string} */
            format: "jpeg" | "png" | "webp" | "avif";
            /** @example 2560 */
            height: number;
            id: string;
            /** @description Size of the stored original in bytes. */
            sizeBytes: number;
            /**
             * @description `processing` until the thumbnails exist (a few seconds), then `ready`; `failed` if they could not be made.
             * @enum {string}
             */
            state: "failed" | "ready" | "processing";
            urls: components["schemas"]["PhotoUrlsDto"];
            /**
             * @description Width of the stored original in px.
             * @example 1920
             */
            width: number;
        };
        PhotoStorageDto: {
            /** @description The storage provider photos are stored on; null: the local folder DATA_DIR/storage. */
            providerId: string | null;
            /** @description 0 while the default applies. */
            version: number;
        };
        PhotoUrlsDto: {
            /**
             * @description The optimised original (at most 2560 px, no metadata).
             * @example /api/v1/bottles/0195…/photos/0196…/original
             */
            original: string;
            /** @description 256 px WebP thumbnail (once the photo is ready). */
            thumb256: string;
            /** @description 768 px WebP preview (once the photo is ready). */
            thumb768: string;
        };
        PourDto: {
            bottleId: string;
            /**
             * @description The bottle's purchase price × ml / size, in `currency`; null without a price.
             * @example 3.21
             */
            cost: number | null;
            /** Format: date-time */
            createdAt: string;
            /**
             * @description ISO 4217 code of `cost` (the bottle's currency).
             * @example GBP
             */
            currency: string | null;
            id: string;
            /** @example 25 */
            ml: number;
            notes: string | null;
            /** Format: date-time */
            pouredAt: string;
            /** @description Who poured; null once that account is gone. */
            pouredById: string | null;
            /** @enum {string} */
            reason: "dram" | "tasting" | "share" | "infinity" | "spill" | "correction";
            /** @description The tasting session it served, if any. */
            tastingSessionId: string | null;
        };
        PouredWhiskyDto: {
            /** @example 640 */
            ml: number;
            /** @example Springbank 10 */
            name: string;
            /** @example 18 */
            pours: number;
            whiskyId: string;
        };
        PourFromInfinityBottleDto: {
            /**
             * Format: date-time
             * @description When it happened; defaults to now. It cannot be before the vessel's latest entry nor in the future.
             */
            at?: string;
            /**
             * @description Millilitres, one decimal at most; no more than the vessel holds.
             * @example 30
             */
            ml: number;
            notes?: string;
        };
        PourRowDto: {
            /** @description The `id` of its bottle. */
            bottleId: string;
            /** @description Its `externalId`, else its database id. */
            id: string;
            /**
             * @description Millilitres, one decimal (at most the ledger's 5000).
             * @example 25
             */
            ml: number;
            notes?: string;
            /**
             * Format: date-time
             * @description When it was poured (ISO 8601 with time zone); not in the future.
             */
            pouredAt: string;
            /** @enum {string} */
            reason: "dram" | "tasting" | "share" | "infinity" | "spill" | "correction";
        };
        ProblemDetailsDto: {
            /**
             * @description What went wrong this time.
             * @example The request has 1 invalid field
             */
            detail: string;
            /** @description Field-level problems of a validation failure. */
            errors?: components["schemas"]["FieldErrorDto"][];
            /**
             * @description Path of the request.
             * @example /api/v1/bottles
             */
            instance: string;
            /** @description Request id, also in the X-Request-Id response header and every log line of the request. */
            requestId?: string;
            /**
             * @description HTTP status code.
             * @example 400
             */
            status: number;
            /**
             * @description Short summary of the problem type.
             * @example Bad Request
             */
            title: string;
            /**
             * @description Problem type.
             * @example /problems/bad-request
             */
            type: string;
        };
        RcloneStorageSettingsDto: {
            /** @description Secret (write-only): the contents of an rclone.conf, as `rclone config` writes it; required when creating. */
            config?: string | null;
            /**
             * @description `name:path` of a remote defined in `config`.
             * @example gdrive:Backups/whiskey
             */
            remote: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "rclone";
        };
        RecoveryCodesDto: {
            /**
             * @description Ten single-use codes.
             * @example [
             *       "7k2m-q9xd-4hfa-0nwe",
             *       "b3rt-1p8c-zz6v-k0qa"
             *     ]
             */
            recoveryCodes: string[];
        };
        RefreshDto: {
            refreshToken: string;
        };
        RegisterDto: {
            /** @example Ada */
            displayName: string;
            /**
             * Format: email
             * @example ada@example.org
             */
            email: string;
            /**
             * @description Name of the new household (first account or open registration).
             * @example The Lovelace cellar
             */
            householdName?: string;
            /** @description Token from an invite link, to join the inviting household. */
            inviteToken?: string;
            /** @description At least 10 characters, not a common password. */
            password: string;
        };
        RegisterPasskeyDto: {
            /**
             * @description A label to tell it apart.
             * @example MacBook Touch ID
             */
            name: string;
            /** @description Let it sign in on its own, without the password (default: only as a second factor). */
            passwordless?: boolean;
            /** @description What `navigator.credentials.create()` returned, as `PublicKeyCredential.toJSON()` gives it. */
            response: components["schemas"]["RegistrationCredentialDto"];
        };
        RegistrationCredentialDto: {
            /**
             * @description Whether the authenticator is built into the device or a separate one.
             * @enum {string}
             */
            authenticatorAttachment?: "platform" | "cross-platform";
            /** @description Outputs of client extensions (`credProps`, …); `{}` when none. */
            clientExtensionResults: {
                [key: string]: unknown;
            };
            /** @description The credential id, base64url. */
            id: string;
            /** @description The same id (WebAuthn sends it twice). */
            rawId: string;
            response: components["schemas"]["AttestationResponseDto"];
            /**
             * @description Always `public-key`.
             * @enum {string}
             */
            type: "public-key";
        };
        RegistrationSettingsDto: {
            /** @enum {string} */
            mode: "open" | "invite" | "closed";
            /** @description 0 while the default applies. */
            version: number;
        };
        RelyingPartyDto: {
            /**
             * @description The host name of PUBLIC_URL.
             * @example whisky.example.org
             */
            id?: string;
            /** @example Whiskey Tracker */
            name: string;
        };
        RequestOptionsDto: {
            /** @description Empty for password-less sign-in (the authenticator offers its passkeys for this site). */
            allowCredentials?: components["schemas"]["CredentialDescriptorDto"][];
            /** @description base64url; single-use, valid 5 minutes. */
            challenge: string;
            extensions?: Record<string, never>;
            /**
             * @description The host name of PUBLIC_URL.
             * @example whisky.example.org
             */
            rpId?: string;
            /**
             * @description Milliseconds the browser may wait for the person.
             * @example 300000
             */
            timeout?: number;
            /** @enum {string} */
            userVerification?: "required" | "discouraged" | "preferred";
        };
        RestoreBackupDto: {
            /** @description The id of the backup run again, typed by the admin: the restore replaces the whole database. */
            confirm: string;
        };
        ResultWhiskyDto: {
            /**
             * @description Alcohol by volume in percent.
             * @example 43
             */
            abv: number;
            /** @example Lagavulin */
            distillery: string | null;
            id: string;
            /** @example Lagavulin 16 */
            name: string;
        };
        RetentionKeepDto: {
            id: string;
            /** @description Why it is kept, e.g. "daily 2026-11-27", "newest". */
            reasons: string[];
        };
        RetentionPreviewDto: {
            /** @description Ids of the runs that would be deleted. */
            forget: string[];
            keep: components["schemas"]["RetentionKeepDto"][];
        };
        RetentionRulesDto: {
            daily?: number;
            hourly?: number;
            /** @description Keep the N newest backups. */
            last?: number;
            monthly?: number;
            weekly?: number;
            /**
             * @description Keep every backup this close to the newest one, e.g. `30d`, `1y6m`, `2w`, `12h`.
             * @example 14d
             */
            within?: string;
            yearly?: number;
        };
        S3StorageSettingsDto: {
            /** @example AKIAIOSFODNN7EXAMPLE */
            accessKeyId: string;
            /** @example whiskey-photos */
            bucket: string;
            /**
             * Format: uri
             * @description Endpoint of an S3-compatible service; omitted: AWS.
             * @example https://minio.lan:9000
             */
            endpoint?: string;
            /** @description Address buckets as `endpoint/bucket` (MinIO, Garage). */
            forcePathStyle?: boolean;
            /**
             * @description Folder inside the bucket every key is stored under; omitted: the bucket root.
             * @example whiskey/
             */
            prefix?: string;
            /** @example eu-west-1 */
            region: string;
            /** @description Secret (write-only): required when creating; reads show "••••". */
            secretAccessKey?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "s3";
        };
        ScoreSummaryDto: {
            /**
             * @description Mean of the scores given, one decimal in every scale (4.3 stars).
             * @example 86.3
             */
            average: number | null;
            /** @example 92 */
            max: number | null;
            /** @example 80 */
            min: number | null;
        };
        SessionDto: {
            /** Format: date-time */
            createdAt: string;
            /** @description This is the session of the current request. */
            current: boolean;
            /** @example Mozilla/5.0 (X11; Linux x86_64) … */
            device: string;
            id: string;
            /** @example 192.168.1.20 */
            ip: string;
            /** Format: date-time */
            lastUsedAt: string;
        };
        SessionResultsDto: {
            blind: boolean;
            /** Format: date-time */
            finishedAt: string | null;
            /** @description By position in the flight. */
            items: components["schemas"]["FlightItemResultDto"][];
            /**
             * @description The viewer's preferred scale, used by every `inScale` and `scoreInScale`.
             * @enum {string}
             */
            scale: "points100" | "points10" | "stars5";
            sessionId: string;
            /** Format: date-time */
            startsAt: string;
            /** @enum {string} */
            status: "finished" | "planned" | "live" | "cancelled";
            /** @example Islay night */
            title: string;
        };
        SessionShareDto: {
            /** @description The secret of the link; also part of `url`. */
            token: string;
            /**
             * @description Public page of the results, to hand to anyone.
             * @example https://whisky.example/admin/shared/Xk3a…
             */
            url: string;
        };
        SftpStorageSettingsDto: {
            /** @example nas.lan */
            host: string;
            /**
             * @description SHA-256 fingerprint of the server's host key (`ssh-keygen -l`); any other key is refused. Omitted:
             *     captured and stored by the first successful connection test (trust on first use).
             * @example SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU
             */
            hostKeyFingerprint?: string;
            /** @description Secret (write-only): the passphrase of an encrypted private key. */
            passphrase?: string | null;
            /** @description Secret (write-only); a password or a private key (or both) is required. */
            password?: string | null;
            /** @description Default 22. */
            port?: number;
            /** @description Secret (write-only): an OpenSSH or PEM private key. */
            privateKey?: string | null;
            /** @description Existing folder, absolute or relative to the login folder; omitted: the login folder. */
            root?: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "sftp";
            username: string;
        };
        SharedFlightItemResultDto: {
            /** @description Blind sessions only. */
            guesses: components["schemas"]["SharedGuessDto"][] | null;
            /** @example Sample 1 */
            label: string;
            /** @description Scores normalised to 0–100. */
            normalised: components["schemas"]["ScoreSummaryDto"];
            /** @example 1 */
            position: number;
            /** @example 1 */
            rank: number | null;
            /** @example 3 */
            scoreCount: number;
            scores: components["schemas"]["SharedScoreDto"][];
            topFlavours: components["schemas"]["FlavourCountDto"][];
            whisky: components["schemas"]["SharedWhiskyDto"] | null;
        };
        SharedGuessDto: {
            correct: boolean;
            /** @example Ada */
            displayName: string;
            /**
             * @description The picked whisky's name, or the guess in their own words.
             * @example Lagavulin 16
             */
            guess: string | null;
        };
        SharedScoreDto: {
            /** @example Ada */
            displayName: string;
            /**
             * @description Normalised 0–100.
             * @example 90
             */
            score: number | null;
        };
        SharedSessionResultsDto: {
            blind: boolean;
            /** Format: date-time */
            finishedAt: string | null;
            items: components["schemas"]["SharedFlightItemResultDto"][];
            /** Format: date-time */
            startsAt: string;
            /** @example Islay night */
            title: string;
        };
        SharedWhiskyDto: {
            /** @example 43 */
            abv: number;
            /** @example Lagavulin */
            distillery: string | null;
            /** @example Lagavulin 16 */
            name: string;
        };
        SsoExchangeDto: {
            code: string;
        };
        SsoProviderButtonDto: {
            /** @example Sign in with Authentik */
            buttonLabel: string;
            /** @example authentik */
            slug: string;
            /**
             * @description Open it in the browser (not with fetch) to sign in.
             * @example /api/v1/auth/sso/authentik/start
             */
            startUrl: string;
        };
        SsoProviderDto: {
            autoProvision: boolean;
            /** @example Sign in with Authentik */
            buttonLabel: string;
            /**
             * @description The redirect URI to register at the provider.
             * @example https://whisky.example.org/api/v1/auth/sso/authentik/callback
             */
            callbackUrl: string;
            clientId: string;
            /** @description Whether a client secret is stored (it is never shown). */
            clientSecretSet: boolean;
            /** @enum {string} */
            defaultRole: "admin" | "user" | "read_only";
            enabled: boolean;
            /**
             * @example {
             *       "whisky-admins": "admin",
             *       "whisky-friends": "read_only"
             *     }
             */
            groupRoleMap: {
                [key: string]: "admin" | "user" | "read_only";
            };
            groupsClaim: string;
            /** @description Household of auto-provisioned accounts; null: the founding household. */
            householdId: string | null;
            /** @example https://auth.example.org/application/o/whiskey/ */
            issuerUrl: string;
            /** @example Authentik */
            name: string;
            /** @example openid email profile */
            scopes: string;
            /** @example authentik */
            slug: string;
            /**
             * @description `environment`: set by the OIDC_* variables, read-only here.
             * @enum {string}
             */
            source: "admin" | "environment";
            /** @description Send it back when changing the provider; 0 for the environment's provider. */
            version: number;
        };
        StartTotpSetupDto: {
            /** @description The current password of the account: enrolling a new authenticator is a sensitive change. */
            password: string;
        };
        StatsGroupDto: {
            /** @example 12 */
            bottles: number;
            /**
             * @description The country, region or style; null for whiskies where it is not recorded.
             * @example Scotland
             */
            key: string | null;
        };
        StorageProviderDto: {
            /** Format: date-time */
            createdAt: string;
            id: string;
            /** @description The last connection test; null until the first one and after the settings change. */
            lastTest: components["schemas"]["ConnectionTestResultDto"] | null;
            /** @example NAS (WebDAV) */
            name: string;
            /** @description The settings, secrets replaced by "••••" or null */
            settings: components["schemas"]["LocalStorageSettingsDto"] | components["schemas"]["S3StorageSettingsDto"] | components["schemas"]["WebdavStorageSettingsDto"] | components["schemas"]["SftpStorageSettingsDto"] | components["schemas"]["RcloneStorageSettingsDto"];
            /** @enum {string} */
            type: "local" | "s3" | "webdav" | "sftp" | "rclone";
            /** Format: date-time */
            updatedAt: string;
            /** @description Send it back when changing the provider; a stale version is refused with 409. */
            version: number;
        };
        TastingNoteAuthorDto: {
            /** @example Ada */
            displayName: string;
            /** @description The participant row in the session; null for a note taken at home. */
            participantId: string | null;
            /** @description The member; null for a guest. */
            userId: string | null;
        };
        TastingNoteDto: {
            author: components["schemas"]["TastingNoteAuthorDto"];
            /** Format: date-time */
            createdAt: string;
            finish: string | null;
            /**
             * @example [
             *       "peaty",
             *       "vanilla"
             *     ]
             */
            flavourTags: string[];
            freeTags: string[];
            /** @description The guess at a blind sample; only its author sees it while the sample is hidden. */
            guess: components["schemas"]["TastingNoteGuessDto"] | null;
            /** @description Whether the whisky is hidden from the caller (a blind sample not yet revealed). */
            hidden: boolean;
            id: string;
            nose: string | null;
            overall: string | null;
            palate: string | null;
            /** @description The session sample; null for a note taken at home. */
            sample: components["schemas"]["TastingNoteSampleDto"] | null;
            /**
             * @description The scale `score` is in.
             * @enum {string}
             */
            scale: "points100" | "points10" | "stars5";
            /**
             * @description In `scale`, the caller's rating scale (converted from whatever scale the author used).
             * @example 4.5
             */
            score: number | null;
            /** @example 20 */
            servedMl: number | null;
            /** Format: date-time */
            updatedAt: string;
            /** @description Send it back when changing the note; a stale version is refused with 409. */
            version: number;
            /** @description Null while the note's sample is blind for the caller: read `sample.label` instead. */
            whisky: components["schemas"]["TastingNoteWhiskyDto"] | null;
        };
        TastingNoteGuessDto: {
            /** @example An Islay, 10 years or so */
            text: string | null;
            /** @description The whisky guessed, if one of the collection was picked. */
            whisky: components["schemas"]["TastingNoteWhiskyDto"] | null;
        };
        TastingNoteSampleDto: {
            flightItemId: string;
            /**
             * @description What everyone calls it while it is blind.
             * @example Sample 2
             */
            label: string;
            /**
             * @description 1-based place in the flight.
             * @example 2
             */
            position: number;
            sessionId: string;
        };
        TastingNoteWhiskyDto: {
            /**
             * @description Alcohol by volume in percent.
             * @example 43
             */
            abv: number;
            /** @example Lagavulin */
            distillery: string | null;
            id: string;
            /** @example Lagavulin 16 */
            name: string;
        };
        TastingSessionDto: {
            /**
             * @description Whether the flight is hidden from everyone but the host until revealed.
             * @example true
             */
            blind: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            finishedAt: string | null;
            host: components["schemas"]["TastingSessionHostDto"];
            id: string;
            /** @description In flight order, each masked for the viewer by {@link flightItemView}. */
            items: components["schemas"]["FlightItemDto"][];
            notes: string | null;
            /** @description Oldest first. */
            participants: components["schemas"]["ParticipantDto"][];
            /** @example "Ada"s kitchen" */
            place: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /**
             * Format: date-time
             * @example 2026-12-05T19:30:00Z
             */
            startsAt: string;
            /**
             * @description planned → live → finished; planned or live may be cancelled.
             * @enum {string}
             */
            status: "finished" | "planned" | "live" | "cancelled";
            /** @example Islay night */
            title: string;
            /** @description Send it back when changing the session; a stale version is refused with 409. */
            version: number;
        };
        TastingSessionHostDto: {
            /** @example Ada */
            displayName: string;
            id: string;
        };
        TestStorageSettingsDto: {
            /** @description The settings to test, as they would be saved */
            settings: components["schemas"]["LocalStorageSettingsDto"] | components["schemas"]["S3StorageSettingsDto"] | components["schemas"]["WebdavStorageSettingsDto"] | components["schemas"]["SftpStorageSettingsDto"] | components["schemas"]["RcloneStorageSettingsDto"];
        };
        TokenResponseDto: {
            /** @description JWT for `Authorization: Bearer`; valid 15 minutes. */
            accessToken: string;
            /**
             * @description Seconds until the access token expires.
             * @example 900
             */
            expiresIn: number;
            /**
             * @description The instance requires two-factor sign-in of this account and it is not on: send the user to
             *     enrolment (until then this session gets 403 almost everywhere; see GET /auth/mfa). Present on
             *     sign-in, registration and refresh.
             */
            mfaEnrolmentRequired?: boolean;
            /**
             * @description Present when the sign-in used a recovery code: how many unused ones are left.
             * @example 9
             */
            recoveryCodesRemaining?: number;
            /** @description Opaque, single-use: exchange it at /auth/refresh for a new pair before 30 days pass. */
            refreshToken: string;
            /**
             * @example Bearer
             * @enum {string}
             */
            tokenType: "Bearer";
            user: components["schemas"]["UserDto"];
        };
        TotpSetupDto: {
            /** @description `otpauth://totp/…` URI holding the secret, for apps that take a link. */
            otpauthUri: string;
            /** @description The same URI as a QR code, a PNG `data:` URL to put in an `<img src>`. */
            qrCode: string;
            /** @description The secret in base32, to type into an app that cannot scan. */
            secret: string;
        };
        UpdateBackupPolicyDto: {
            drillSchedule?: string | null;
            enabled?: boolean;
            includeDatabase?: boolean;
            includePhotos?: boolean;
            name?: string;
            recipients?: string[];
            retention?: components["schemas"]["RetentionRulesDto"];
            schedule?: string;
            targetIds?: string[];
            timeZone?: string;
            /** @description The version last read; a stale one is refused with 409. */
            version: number;
        };
        UpdateBottleDto: {
            /** @description ISO 4217 code of the price and value; the bottle needs one while it has either. */
            currency?: string | null;
            estimatedValue?: number | null;
            /**
             * Format: uuid
             * @description Where it is kept now; null when it has no place.
             */
            locationId?: string | null;
            notes?: string | null;
            purchasedAt?: string | null;
            purchasePrice?: number | null;
            shop?: string | null;
            /**
             * @description Allowed: sealed → open; sealed or open → gifted or sold; open → finished (what is left is recorded
             *     in the ledger as a `correction` pour). A finished, gifted or sold bottle keeps its status.
             * @enum {string}
             */
            status?: "open" | "sealed" | "finished" | "gifted" | "sold";
            /** @description The version last read; a stale one is refused with 409. */
            version: number;
        };
        UpdateFlightItemDto: {
            /** @example 15 */
            mlPerParticipant?: number;
            /**
             * @description New place in the flight (1…n); the samples in between shift to close the gap.
             * @example 2
             */
            position?: number;
        };
        UpdateInfinityBottleDto: {
            /** @description Cannot go below what the vessel holds now (422). */
            capacityMl?: number;
            name?: string;
            /** @description `null` clears the notes. */
            notes?: string | null;
            /** @description The version last read; a stale one is refused with 409. */
            version: number;
        };
        UpdateLocationDto: {
            /** @example Behind the glass door, away from the window */
            description?: string | null;
            /** @description Stable id from another system, so re-importing updates instead of duplicating. */
            externalId?: string | null;
            /**
             * @description Unique in the household (409 otherwise); surrounding spaces are removed.
             * @example Living-room cabinet, top shelf
             */
            name?: string;
            /** @description The version last read; a stale one is refused with 409. */
            version: number;
        };
        UpdateMfaPolicyDto: {
            /** @enum {string} */
            mode: "off" | "admins" | "everyone";
            /** @description The version last read; a stale one is refused with 409. */
            version: number;
        };
        UpdatePasskeyDto: {
            /** @example Old YubiKey */
            name?: string;
            /** @description Whether it signs in on its own, without the password. */
            passwordless?: boolean;
        };
        UpdatePasswordLoginSettingsDto: {
            /** @enum {string} */
            mode: "everyone" | "admins_only";
            /** @description The version last read; a stale one is refused with 409. */
            version: number;
        };
        UpdatePhotoStorageDto: {
            /**
             * Format: uuid
             * @description An existing storage provider's id, or null for the local folder DATA_DIR/storage.
             */
            providerId: string | null;
            /** @description The version last read; a stale one is refused with 409. */
            version: number;
        };
        UpdateProfileDto: {
            /**
             * @description ISO 4217 currency code.
             * @example CHF
             */
            currency?: string;
            displayName?: string;
            /**
             * @description BCP 47 language tag.
             * @example de-CH
             */
            locale?: string;
            /** @enum {string} */
            ratingScale?: "points100" | "points10" | "stars5";
            /**
             * @description IANA time zone.
             * @example Europe/Zurich
             */
            timeZone?: string;
            /** @description The version last read; a stale one is refused with 409. */
            version: number;
        };
        UpdateRegistrationSettingsDto: {
            /** @enum {string} */
            mode: "open" | "invite" | "closed";
            /** @description The version last read; a stale one is refused with 409. */
            version: number;
        };
        UpdateSessionDto: {
            /** @description Only while planned. */
            blind?: boolean;
            /**
             * Format: uuid
             * @description Only while planned; a member of the household, who joins the participants if not in yet.
             */
            hostUserId?: string;
            notes?: string | null;
            place?: string | null;
            /**
             * Format: date-time
             * @description Only while planned.
             */
            startsAt?: string;
            /** @example Islay night */
            title?: string;
            /** @description The version last read; a stale one is refused with 409. */
            version: number;
        };
        UpdateSsoProviderDto: {
            autoProvision?: boolean;
            buttonLabel?: string;
            clientId?: string;
            /** @description Secret (write-only): omitted keeps the stored one, null removes it (public client). */
            clientSecret?: string | null;
            /** @enum {string} */
            defaultRole?: "admin" | "user" | "read_only";
            enabled?: boolean;
            /**
             * @example {
             *       "whisky-admins": "admin",
             *       "whisky-friends": "read_only"
             *     }
             */
            groupRoleMap?: {
                [key: string]: "admin" | "user" | "read_only";
            };
            groupsClaim?: string;
            /**
             * Format: uuid
             * @description null: the founding household.
             */
            householdId?: string | null;
            /**
             * Format: uri
             * @description Changing it discovers the issuer again before saving.
             */
            issuerUrl?: string;
            name?: string;
            scopes?: string;
            /** @description The version last read; a stale one is refused with 409. */
            version: number;
        };
        UpdateStorageProviderDto: {
            name?: string;
            /** @description The new settings (secrets: left out = kept, null = cleared) */
            settings?: components["schemas"]["LocalStorageSettingsDto"] | components["schemas"]["S3StorageSettingsDto"] | components["schemas"]["WebdavStorageSettingsDto"] | components["schemas"]["SftpStorageSettingsDto"] | components["schemas"]["RcloneStorageSettingsDto"];
            /** @description The version last read; a stale one is refused with 409. */
            version: number;
        };
        UpdateTastingNoteDto: {
            finish?: string | null;
            /**
             * @description Slugs of the flavour vocabulary (`GET /flavour-tags`); an unknown slug is refused with 422.
             * @example [
             *       "peaty",
             *       "vanilla"
             *     ]
             */
            flavourTags?: string[];
            /**
             * @description The author's own words for what the vocabulary lacks; stored trimmed and lower-cased.
             * @example [
             *       "campfire marshmallow"
             *     ]
             */
            freeTags?: string[];
            /**
             * @description Blind sessions only: the author's guess in words.
             * @example An Islay, 10 years or so
             */
            guessText?: string | null;
            /**
             * Format: uuid
             * @description Blind sessions only: the whisky the author thinks the sample is.
             */
            guessWhiskyId?: string | null;
            /** @example Peat smoke, iodine, a little vanilla */
            nose?: string | null;
            overall?: string | null;
            palate?: string | null;
            /**
             * @description In the author's rating scale (see the profile's `ratingScale`): 0–100 or 0–10 with one decimal, or
             *     0–5 stars in halves. A value outside the scale is refused with 422.
             * @example 87
             */
            score?: number | null;
            /**
             * @description What was in the glass, in ml.
             * @example 20
             */
            servedMl?: number | null;
            /** @description The version last read; a stale one is refused with 409. */
            version: number;
        };
        UpdateWhiskyDto: {
            /**
             * @description Alcohol by volume in percent, at most one decimal.
             * @example 43
             */
            abv?: number;
            /**
             * @description Age statement in years; null (or absent) for no age statement (NAS).
             * @example 16
             */
            ageYears?: number | null;
            /**
             * @description EAN-8, EAN-13, UPC-A or UPC-E codes with a valid check digit; spaces are removed. A code belongs
             *     to one whisky of the household (409 otherwise). In a change, the list replaces the whole set.
             * @example [
             *       "5000281005416"
             *     ]
             */
            barcodes?: string[];
            /**
             * @description Year of bottling, 1800 to the current year, not before `vintageYear` (422).
             * @example 2024
             */
            bottledYear?: number | null;
            /**
             * @description `official` (the distillery's own bottling, the default) or `independent`.
             * @enum {string}
             */
            bottlerKind?: "official" | "independent";
            /**
             * @description The independent bottler; required when `bottlerKind` is `independent` (422 otherwise).
             * @example Signatory Vintage
             */
            bottlerName?: string | null;
            /** @description Bottled at cask strength; false when left out. */
            caskStrength?: boolean;
            /**
             * @example [
             *       "ex-bourbon",
             *       "oloroso sherry"
             *     ]
             */
            caskTypes?: string[];
            /** @description Null when unknown. */
            chillFiltered?: boolean | null;
            /** @example Scotland */
            country?: string | null;
            /**
             * @description Usual bottle size in ml, 50 to 5000; 700 when left out.
             * @example 700
             */
            defaultSizeMl?: number;
            /** @example Lagavulin */
            distillery?: string | null;
            /** @description Stable id from another system, so re-importing updates instead of duplicating. */
            externalId?: string | null;
            /**
             * Format: uri
             * @description A page about it (http or https).
             * @example https://www.whiskybase.com/whiskies/whisky/1234
             */
            externalUrl?: string | null;
            /** @example Lagavulin 16 */
            name?: string;
            /** @description Null when unknown. */
            naturalColour?: boolean | null;
            notes?: string | null;
            /** @example Islay */
            region?: string | null;
            /**
             * @example single_malt
             * @enum {string}
             */
            style?: "single_malt" | "blended_malt" | "blend" | "single_grain" | "bourbon" | "rye" | "other";
            /**
             * @description Stored trimmed, lower-cased and without duplicates.
             * @example [
             *       "peated",
             *       "islay"
             *     ]
             */
            tags?: string[];
            /** @description The version last read; a stale one is refused with 409. */
            version: number;
            /**
             * @description Year of distillation, 1800 to the current year.
             * @example 2008
             */
            vintageYear?: number | null;
        };
        UserDto: {
            /** Format: date-time */
            createdAt: string;
            /**
             * @description ISO 4217 code.
             * @example GBP
             */
            currency: string;
            disabled: boolean;
            /** @example Ada */
            displayName: string;
            /** @example ada@example.org */
            email: string;
            emailVerified: boolean;
            householdId: string;
            /** @example 0195b3c2-7f4e-7a1c-9a55-1c0de0a1b2c3 */
            id: string;
            /** @example en-GB */
            locale: string;
            /** @enum {string} */
            ratingScale: "points100" | "points10" | "stars5";
            /** @enum {string} */
            role: "admin" | "user" | "read_only";
            /** @example Europe/London */
            timeZone: string;
            /** @description Send it back when changing the account; a stale version is refused with 409. */
            version: number;
        };
        UserIdentityDto: {
            /** Format: date-time */
            createdAt: string;
            /**
             * @description The address the provider gave when it was linked.
             * @example ada@example.org
             */
            email: string | null;
            id: string;
            /** @example https://auth.example.org/application/o/whiskey/ */
            issuer: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            /**
             * @description Slug of the provider it was linked through.
             * @example authentik
             */
            provider: string;
        };
        VerifyBackupDto: {
            /**
             * @description `quick`: the manifest is there and every object is listed with its size; `full`: every object is
             *     downloaded, decrypted and checksummed, and `pg_restore --list` reads the dump; `drill`: the dump
             *     is restored into a scratch database whose row counts must match the manifest.
             * @enum {string}
             */
            level: "quick" | "full" | "drill";
        };
        VerifyEmailCodeDto: {
            /** @example 042137 */
            code: string;
        };
        WebAuthnUserDto: {
            /** @example Ada */
            displayName: string;
            /** @description base64url user handle (opaque; not the email). */
            id: string;
            /** @example ada@example.org */
            name: string;
        };
        WebdavStorageSettingsDto: {
            /** @description Secret (write-only): reads show "••••", or null when none is stored. */
            password?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "webdav";
            /**
             * Format: uri
             * @description URL of an existing folder.
             * @example https://cloud.example.org/remote.php/dav/files/ada/whiskey
             */
            url: string;
            username?: string;
        };
        WhiskyDto: {
            /**
             * @description Alcohol by volume in percent.
             * @example 43
             */
            abv: number;
            /**
             * @description Null for no age statement (NAS).
             * @example 16
             */
            ageYears: number | null;
            /**
             * @description EAN/UPC codes, sorted.
             * @example [
             *       "5000281005416"
             *     ]
             */
            barcodes: string[];
            /**
             * @description Bottles of this whisky in the collection, whatever their status (finished, gifted and sold included).
             * @example 2
             */
            bottleCount: number;
            /** @example 2024 */
            bottledYear: number | null;
            /** @enum {string} */
            bottlerKind: "official" | "independent";
            /**
             * @description The independent bottler's name.
             * @example Signatory Vintage
             */
            bottlerName: string | null;
            caskStrength: boolean;
            /**
             * @example [
             *       "ex-bourbon",
             *       "oloroso sherry"
             *     ]
             */
            caskTypes: string[];
            /** @description Null when unknown. */
            chillFiltered: boolean | null;
            /** @example Scotland */
            country: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @example 700 */
            defaultSizeMl: number;
            /** @example Lagavulin */
            distillery: string | null;
            externalId: string | null;
            /** @example https://www.whiskybase.com/whiskies/whisky/1234 */
            externalUrl: string | null;
            /** @example 0195b3c2-7f4e-7a1c-9a55-1c0de0a1b2c3 */
            id: string;
            /** @example Lagavulin 16 */
            name: string;
            /** @description Null when unknown. */
            naturalColour: boolean | null;
            notes: string | null;
            /** @example Islay */
            region: string | null;
            /** @enum {string} */
            style: "single_malt" | "blended_malt" | "blend" | "single_grain" | "bourbon" | "rye" | "other";
            /**
             * @example [
             *       "peated",
             *       "islay"
             *     ]
             */
            tags: string[];
            /** Format: date-time */
            updatedAt: string;
            /** @description Send it back when changing the whisky; a stale version is refused with 409. */
            version: number;
            /** @example 2008 */
            vintageYear: number | null;
        };
        WhiskyNotesDto: {
            /**
             * @description Mean of every scored note of the whisky (sessions and at home, all pages), in `scale` with one
             *     decimal; notes of samples still hidden from the caller do not count. Null without scores.
             * @example 4.3
             */
            averageScore: number | null;
            data: components["schemas"]["TastingNoteDto"][];
            /**
             * @description The caller's rating scale.
             * @enum {string}
             */
            scale: "points100" | "points10" | "stars5";
            /**
             * @description Number of notes the average is taken over.
             * @example 6
             */
            scoredNotes: number;
            /** @description Notes matching the query, across all pages. */
            total: number;
        };
        WhiskyRowDto: {
            /**
             * @description Alcohol by volume in percent, at most one decimal.
             * @example 43
             */
            abv: number;
            /**
             * @description Age statement in years; null (or absent) for no age statement (NAS).
             * @example 16
             */
            ageYears?: number | null;
            /**
             * @description EAN-8, EAN-13, UPC-A or UPC-E codes with a valid check digit; spaces are removed. A code belongs
             *     to one whisky of the household (409 otherwise). In a change, the list replaces the whole set.
             * @example [
             *       "5000281005416"
             *     ]
             */
            barcodes?: string[];
            /**
             * @description Year of bottling, 1800 to the current year, not before `vintageYear` (422).
             * @example 2024
             */
            bottledYear?: number | null;
            /**
             * @description `official` (the distillery's own bottling, the default) or `independent`.
             * @enum {string}
             */
            bottlerKind?: "official" | "independent";
            /**
             * @description The independent bottler; required when `bottlerKind` is `independent` (422 otherwise).
             * @example Signatory Vintage
             */
            bottlerName?: string | null;
            /** @description Bottled at cask strength; false when left out. */
            caskStrength?: boolean;
            /**
             * @example [
             *       "ex-bourbon",
             *       "oloroso sherry"
             *     ]
             */
            caskTypes?: string[];
            /** @description Null when unknown. */
            chillFiltered?: boolean | null;
            /** @example Scotland */
            country?: string | null;
            /**
             * @description Usual bottle size in ml, 50 to 5000; 700 when left out.
             * @example 700
             */
            defaultSizeMl?: number;
            /** @example Lagavulin */
            distillery?: string | null;
            /**
             * Format: uri
             * @description A page about it (http or https).
             * @example https://www.whiskybase.com/whiskies/whisky/1234
             */
            externalUrl?: string | null;
            /**
             * @description Its `externalId`, else its database id.
             * @example 0195b3c2-7f4e-7a1c-9a55-1c0de0a1b2c3
             */
            id: string;
            /** @example Lagavulin 16 */
            name: string;
            /** @description Null when unknown. */
            naturalColour?: boolean | null;
            notes?: string | null;
            /** @example Islay */
            region?: string | null;
            /**
             * @example single_malt
             * @enum {string}
             */
            style: "single_malt" | "blended_malt" | "blend" | "single_grain" | "bourbon" | "rye" | "other";
            /**
             * @description Stored trimmed, lower-cased and without duplicates.
             * @example [
             *       "peated",
             *       "islay"
             *     ]
             */
            tags?: string[];
            /**
             * @description Year of distillation, 1800 to the current year.
             * @example 2008
             */
            vintageYear?: number | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    AuditController_list: {
        parameters: {
            query?: {
                /** @description Only this action, e.g. `auth.login_failed`. */
                action?: string;
                /** @description Only events by this user. */
                actorId?: string;
                /** @description Sort direction */
                order?: "ASC" | "DESC";
                /** @description 1-based page number */
                page?: unknown;
                /** @description Items per page */
                perPage?: unknown;
                /** @description Free-text search */
                q?: string;
                /** @description Field to sort by */
                sort?: "at" | "action";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AuditEventDto"][];
                        /** @description Items matching the query, across all pages */
                        total: number;
                    };
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    AuthController_listApiTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiTokenDto"][];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    AuthController_createApiToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiTokenDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiTokenDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    AuthController_revokeApiToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    AuthController_config: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthConfigDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    AuthController_jobBoardSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sets an HttpOnly cookie scoped to /admin/queues */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    AuthController_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginDto"];
            };
        };
        responses: {
            /** @description Tokens, or (two-factor sign-in on) a challenge: an answer with `mfaRequired: true` holds no tokens */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponseDto"] | components["schemas"]["MfaChallengeDto"];
                };
            };
            /** @description Wrong email or password, or a disabled account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Too many failed sign-ins for this account (wrong passwords and codes alike) or from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    AuthController_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    MfaController_status: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MfaStatusDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    AuthController_completeMfaSignIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MfaSignInDto"];
            };
        };
        responses: {
            /** @description The session; `recoveryCodesRemaining` tells how many are left when a recovery code was used */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponseDto"];
                };
            };
            /** @description Wrong or already used code, or the challenge expired or died after 5 wrong codes */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Too many failed sign-ins for this account (wrong passwords and codes alike) or from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    MfaController_policy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MfaPolicyDto"];
                };
            };
            /** @description Not an administrator of the instance */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    MfaController_updatePolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMfaPolicyDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MfaPolicyDto"];
                };
            };
            /** @description Not an administrator of the instance */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The policy was changed meanwhile (stale version) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Requiring two-factor sign-in while it is off for my own account */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    MfaController_regenerateRecoveryCodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfirmWithSecondFactorDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodesDto"];
                };
            };
            /** @description Wrong password or code, or called with an API token (two-factor sign-in is managed from a session) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Two-factor sign-in is not on */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Too many attempts; wait for Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    MfaController_confirmTotp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfirmTotpDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodesDto"];
                };
            };
            /** @description Called with an API token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No set-up was started, or two-factor sign-in is already on */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The code does not match */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Too many attempts; wait for Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    MfaController_disable: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfirmWithSecondFactorDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Wrong password or code, or called with an API token (two-factor sign-in is managed from a session) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Two-factor sign-in is not on */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Too many attempts; wait for Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    MfaController_startTotpSetup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StartTotpSetupDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TotpSetupDto"];
                };
            };
            /** @description Wrong password, or called with an API token (two-factor sign-in is managed from a session) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Two-factor sign-in is already on */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Too many attempts; wait for Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    PasskeysController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasskeyDto"][];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    PasskeysController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The id is not a UUID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Called with an API token (passkeys are managed from a session) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No passkey of mine has this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    PasskeysController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdatePasskeyDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasskeyDto"];
                };
            };
            /** @description The body is malformed (field errors in `errors`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Called with an API token (passkeys are managed from a session) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No passkey of mine has this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    PasskeysController_signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasskeyAssertionDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponseDto"];
                };
            };
            /** @description The body is malformed (field errors in `errors`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Request expired or already used, unknown or revoked passkey, an answer that does not verify (wrong origin, counter went back), a passkey not allowed to sign in alone, or a disabled account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Too many attempts; wait for Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    PasskeysController_signInOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasskeyRequestDto"];
                };
            };
            /** @description Too many attempts; wait for Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    PasskeysController_secondFactorOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasskeyMfaOptionsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasskeyRequestDto"];
                };
            };
            /** @description The body is malformed (field errors in `errors`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The challenge is unknown, expired or dead */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The account has no passkey */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Too many attempts; wait for Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    PasskeysController_register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterPasskeyDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasskeyDto"];
                };
            };
            /** @description Malformed body, no registration pending (or expired), or an answer that does not verify (wrong origin, challenge, …) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Called with an API token (passkeys are managed from a session) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description This passkey is already registered */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    PasskeysController_registrationOptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreationOptionsDto"];
                };
            };
            /** @description Called with an API token (passkeys are managed from a session) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    AuthController_confirmPasswordReset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordResetConfirmDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    AuthController_requestPasswordReset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordResetRequestDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    AuthController_refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponseDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    AuthController_register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponseDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    AuthController_sessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"][];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    AuthController_revokeSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SsoController_callback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To /admin/sso-complete?code=<one-time code>, or to /admin/login?ssoError=<reason> */
            302: {
                headers: {
                    /** @description Where the browser goes next */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SsoController_start: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the provider's authorization page, or to /admin/login?ssoError=<reason> */
            302: {
                headers: {
                    /** @description Where the browser goes next */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SsoController_exchange: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SsoExchangeDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponseDto"];
                };
            };
            /** @description Unknown, used or expired code, or a disabled account */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SsoController_listIdentities: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserIdentityDto"][];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SsoController_unlinkIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description It is my only way in: no other identity and no usable password */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SsoProvidersController_list: {
        parameters: {
            query?: {
                /** @description Sort direction */
                order?: "ASC" | "DESC";
                /** @description 1-based page number */
                page?: unknown;
                /** @description Items per page */
                perPage?: unknown;
                /** @description Free-text search */
                q?: string;
                /** @description Field to sort by */
                sort?: "slug" | "name";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["SsoProviderDto"][];
                        /** @description Items matching the query, across all pages */
                        total: number;
                    };
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SsoProvidersController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSsoProviderDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SsoProviderDto"];
                };
            };
            /** @description The slug is taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The issuer is not allowed (http:// beyond this machine) or could not be discovered, or the household does not exist */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SsoProvidersController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SsoProviderDto"];
                };
            };
            /** @description No provider has this slug */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SsoProvidersController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No provider has this slug */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The provider of the environment variables (read-only) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SsoProvidersController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateSsoProviderDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SsoProviderDto"];
                };
            };
            /** @description No provider has this slug */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Stale version, or the provider of the environment variables (read-only) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The issuer is not allowed (http:// beyond this machine) or could not be discovered, or the household does not exist */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SsoController_buttons: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SsoProviderButtonDto"][];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    AuthController_verifyEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerifyEmailCodeDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    AuthController_verifyEmailLink: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LinkTokenDto"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    AuthController_resendVerification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BackupIdentityController_status: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupIdentityDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BackupIdentityController_download: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DownloadBackupIdentityDto"];
            };
        };
        responses: {
            /** @description An age identity file (`age -d -i <file>` reads it) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BackupPoliciesController_list: {
        parameters: {
            query?: {
                /** @description Sort direction */
                order?: "ASC" | "DESC";
                /** @description 1-based page number */
                page?: unknown;
                /** @description Items per page */
                perPage?: unknown;
                /** @description Free-text search */
                q?: string;
                /** @description Field to sort by */
                sort?: "name" | "createdAt";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["BackupPolicyDto"][];
                        /** @description Items matching the query, across all pages */
                        total: number;
                    };
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BackupPoliciesController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateBackupPolicyDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupPolicyDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BackupPoliciesController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupPolicyDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BackupPoliciesController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BackupPoliciesController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateBackupPolicyDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupPolicyDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BackupPoliciesController_previewRetention: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RetentionRulesDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionPreviewDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BackupPoliciesController_run: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupJobAcceptedDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BackupRunsController_list: {
        parameters: {
            query?: {
                /** @description Sort direction */
                order?: "ASC" | "DESC";
                /** @description 1-based page number */
                page?: unknown;
                /** @description Items per page */
                perPage?: unknown;
                policyId?: string;
                /** @description Free-text search */
                q?: string;
                /** @description Field to sort by */
                sort?: "createdAt" | "finishedAt" | "sizeBytes";
                status?: "queued" | "running" | "succeeded" | "failed" | "verified";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["BackupRunDto"][];
                        /** @description Items matching the query, across all pages */
                        total: number;
                    };
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BackupRunsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupRunDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BackupRunsController_restore: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RestoreBackupDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupJobAcceptedDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BackupRunsController_verify: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerifyBackupDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupJobAcceptedDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BackupRunsController_health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BackupHealthDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BottlesController_list: {
        parameters: {
            query?: {
                /**
                 * @description Only bottles whose `fillPercent` is below this percentage (e.g. `fillBelow=20&status=open`: open
                 *     bottles running low).
                 */
                fillBelow?: number;
                /** @description Only bottles kept at this location. */
                locationId?: string;
                /** @description Sort direction */
                order?: "ASC" | "DESC";
                /** @description 1-based page number */
                page?: unknown;
                /** @description Items per page */
                perPage?: unknown;
                /** @description Free-text search */
                q?: string;
                /** @description Field to sort by */
                sort?: "createdAt" | "purchasedAt" | "status" | "currentVolumeMl";
                status?: "open" | "sealed" | "finished" | "gifted" | "sold";
                /** @description Only bottles of this whisky. */
                whiskyId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["BottleDto"][];
                        /** @description Items matching the query, across all pages */
                        total: number;
                    };
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BottlesController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateBottleDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BottleDetailDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BottlesController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BottleDetailDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BottlesController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BottlesController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateBottleDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BottleDetailDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BottlePhotosController_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhotoDto"][];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BottlePhotosController_upload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description The image
                     */
                    file: string;
                };
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhotoDto"];
                };
            };
            /** @description Larger than PHOTO_MAX_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Not multipart, or not a JPEG, PNG, WebP or AVIF image */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description A pixel bomb (over 100 megapixels) or an image that cannot be decoded */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BottlePhotosController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                photoId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhotoDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BottlePhotosController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                photoId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BottlePhotosController_file: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                photoId: string;
                variant: "original" | "thumb-256" | "thumb-768";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The image */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/avif": string;
                    "image/jpeg": string;
                    "image/png": string;
                    "image/webp": string;
                };
            };
            /** @description The requested bytes of the image */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not modified (If-None-Match matched) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The Range lies outside the file */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    BottlePhotosController_setCover: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                photoId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhotoDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    PoursController_listForBottle: {
        parameters: {
            query?: {
                /** @description Only pours at or after this instant. */
                from?: string;
                /** @description Sort direction */
                order?: "ASC" | "DESC";
                /** @description 1-based page number */
                page?: unknown;
                /** @description Items per page */
                perPage?: unknown;
                /** @description Free-text search */
                q?: string;
                reason?: "dram" | "tasting" | "share" | "infinity" | "spill" | "correction";
                /** @description Field to sort by */
                sort?: "pouredAt" | "ml";
                /** @description Only pours that served this tasting session. */
                tastingSessionId?: string;
                /** @description Only pours at or before this instant. */
                to?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["PourDto"][];
                        /** @description Items matching the query, across all pages */
                        total: number;
                    };
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    PoursController_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePourDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PourDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    ConsoleController_links: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleLinksDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    TransferController_export: {
        parameters: {
            query: {
                /** @description `json`: one document; `xlsx`: one sheet per kind; `csv`: a zip of one CSV per kind, or with `kind` that one CSV */
                format: "csv" | "json" | "xlsx";
                /** @description Only this kind of record (all four when left out) */
                kind?: "locations" | "whiskies" | "bottles" | "pours";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file, as an attachment named like `whiskey-tracker-2026-11-26.zip` (`whiskey-tracker-bottles-2026-11-26.csv` with a kind) */
            200: {
                headers: {
                    /** @description attachment; filename="…" */
                    "Content-Disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CollectionDocumentDto"];
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                    "application/zip": string;
                    "text/csv": string;
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    FlavoursController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlavourFamilyDto"][];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    GuestsController_view: {
        parameters: {
            query?: {
                /** @description The scale the guest's scores are shown in; 100 points when left out. */
                scale?: "points100" | "points10" | "stars5";
            };
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GuestSessionDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    GuestsController_writeNote: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                itemId: string;
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GuestNoteDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TastingNoteDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    TransferController_import: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * @description `true`: only check and report
                     * @default false
                     * @enum {string}
                     */
                    dryRun?: "true" | "false";
                    /**
                     * Format: binary
                     * @description The collection file
                     */
                    file: string;
                    /**
                     * @description The kind a single CSV holds
                     * @enum {string}
                     */
                    kind?: "locations" | "whiskies" | "bottles" | "pours";
                };
            };
        };
        responses: {
            /** @description Imported (or, with dryRun, checked): the report */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReportDto"];
                };
            };
            /** @description Not a readable file: damaged zip, invalid JSON, broken CSV, bad form */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Larger than 20 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Not multipart, or a file in none of the formats */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The file has errors; nothing was imported. A problem document with the report */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ImportRejectedDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    InfinityController_list: {
        parameters: {
            query?: {
                /** @description Sort direction */
                order?: "ASC" | "DESC";
                /** @description 1-based page number */
                page?: unknown;
                /** @description Items per page */
                perPage?: unknown;
                /** @description Free-text search */
                q?: string;
                /** @description Field to sort by */
                sort?: "name" | "createdAt";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["InfinityBottleDto"][];
                        /** @description Items matching the query, across all pages */
                        total: number;
                    };
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    InfinityController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateInfinityBottleDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InfinityBottleDetailDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    InfinityController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InfinityBottleDetailDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    InfinityController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    InfinityController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateInfinityBottleDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InfinityBottleDetailDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    InfinityController_add: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddToInfinityBottleDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InfinityBottleDetailDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    InfinityController_undo: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                entryId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    InfinityController_pour: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PourFromInfinityBottleDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InfinityBottleDetailDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    InvitesController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InviteDto"][];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    InvitesController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateInviteDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedInviteDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    InvitesController_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    LocationsController_list: {
        parameters: {
            query?: {
                /** @description Sort direction */
                order?: "ASC" | "DESC";
                /** @description 1-based page number */
                page?: unknown;
                /** @description Items per page */
                perPage?: unknown;
                /** @description Free-text search */
                q?: string;
                /** @description Field to sort by */
                sort?: "name" | "createdAt";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["LocationDto"][];
                        /** @description Items matching the query, across all pages */
                        total: number;
                    };
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    LocationsController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateLocationDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocationDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    LocationsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocationDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    LocationsController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    LocationsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateLocationDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocationDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    PoursController_list: {
        parameters: {
            query?: {
                /** @description Only pours from this bottle. */
                bottleId?: string;
                /** @description Only pours at or after this instant. */
                from?: string;
                /** @description Sort direction */
                order?: "ASC" | "DESC";
                /** @description 1-based page number */
                page?: unknown;
                /** @description Items per page */
                perPage?: unknown;
                /** @description Free-text search */
                q?: string;
                reason?: "dram" | "tasting" | "share" | "infinity" | "spill" | "correction";
                /** @description Field to sort by */
                sort?: "pouredAt" | "ml";
                /** @description Only pours that served this tasting session. */
                tastingSessionId?: string;
                /** @description Only pours at or before this instant. */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["PourDto"][];
                        /** @description Items matching the query, across all pages */
                        total: number;
                    };
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    PoursController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SessionsController_list: {
        parameters: {
            query?: {
                /** @description Only blind sessions (`true`) or only open ones (`false`). */
                blind?: boolean;
                /** @description Sort direction */
                order?: "ASC" | "DESC";
                /** @description 1-based page number */
                page?: unknown;
                /** @description Items per page */
                perPage?: unknown;
                /** @description Free-text search */
                q?: string;
                /** @description Field to sort by */
                sort?: "startsAt" | "title" | "status";
                status?: "finished" | "planned" | "live" | "cancelled";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["TastingSessionDto"][];
                        /** @description Items matching the query, across all pages */
                        total: number;
                    };
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SessionsController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSessionDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TastingSessionDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SessionsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TastingSessionDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SessionsController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SessionsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateSessionDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TastingSessionDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SessionsController_cancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TastingSessionDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SessionsController_finish: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TastingSessionDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SessionsController_addItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddFlightItemDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TastingSessionDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SessionsController_removeItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                itemId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SessionsController_updateItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                itemId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateFlightItemDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TastingSessionDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SessionsController_reveal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                itemId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TastingSessionDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SessionsController_addParticipant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddParticipantDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AddedParticipantDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SessionsController_removeParticipant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                participantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    ResultsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionResultsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SessionsController_revealAll: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TastingSessionDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    ResultsController_share: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionShareDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    ResultsController_unshare: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SessionsController_start: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TastingSessionDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    NotesController_listForSession: {
        parameters: {
            query?: {
                /** @description Only notes written by this member. */
                authorId?: string;
                /** @description `true`: only the caller's own notes. */
                mine?: boolean;
                /** @description Sort direction */
                order?: "ASC" | "DESC";
                /** @description 1-based page number */
                page?: unknown;
                /** @description Items per page */
                perPage?: unknown;
                /** @description Free-text search */
                q?: string;
                /** @description Field to sort by */
                sort?: "createdAt" | "score";
            };
            header?: never;
            path: {
                sessionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["TastingNoteDto"][];
                        /** @description Items matching the query, across all pages */
                        total: number;
                    };
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    PasswordLoginSettingsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasswordLoginSettingsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    PasswordLoginSettingsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdatePasswordLoginSettingsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasswordLoginSettingsDto"];
                };
            };
            /** @description Stale version */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    RegistrationSettingsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegistrationSettingsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    RegistrationSettingsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateRegistrationSettingsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegistrationSettingsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    SharedResultsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SharedSessionResultsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    StatsController_collection: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CollectionStatsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    PhotoStorageController_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhotoStorageDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    PhotoStorageController_update: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdatePhotoStorageDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhotoStorageDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    StorageProvidersController_list: {
        parameters: {
            query?: {
                /** @description Sort direction */
                order?: "ASC" | "DESC";
                /** @description 1-based page number */
                page?: unknown;
                /** @description Items per page */
                perPage?: unknown;
                /** @description Free-text search */
                q?: string;
                /** @description Field to sort by */
                sort?: "name" | "type" | "createdAt";
                /** @description Only providers of this type */
                type?: "local" | "s3" | "webdav" | "sftp" | "rclone";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["StorageProviderDto"][];
                        /** @description Items matching the query, across all pages */
                        total: number;
                    };
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    StorageProvidersController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateStorageProviderDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StorageProviderDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    StorageProvidersController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StorageProviderDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    StorageProvidersController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    StorageProvidersController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateStorageProviderDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StorageProviderDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    StorageProvidersController_test: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionTestResultDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    StorageProvidersController_testUnsaved: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TestStorageSettingsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionTestResultDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    NotesController_list: {
        parameters: {
            query?: {
                /** @description Only notes written by this member. */
                authorId?: string;
                /** @description `true`: only the caller's own notes. */
                mine?: boolean;
                /** @description Sort direction */
                order?: "ASC" | "DESC";
                /** @description 1-based page number */
                page?: unknown;
                /** @description Items per page */
                perPage?: unknown;
                /** @description Free-text search */
                q?: string;
                /** @description Only notes taken in this session. */
                sessionId?: string;
                /** @description Field to sort by */
                sort?: "createdAt" | "score";
                /** @description Only notes of this whisky (notes of samples still hidden from the caller are left out). */
                whiskyId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["TastingNoteDto"][];
                        /** @description Items matching the query, across all pages */
                        total: number;
                    };
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    NotesController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTastingNoteDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TastingNoteDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    NotesController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TastingNoteDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    NotesController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    NotesController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateTastingNoteDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TastingNoteDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    UsersController_list: {
        parameters: {
            query?: {
                /** @description Sort direction */
                order?: "ASC" | "DESC";
                /** @description 1-based page number */
                page?: unknown;
                /** @description Items per page */
                perPage?: unknown;
                /** @description Free-text search */
                q?: string;
                role?: "admin" | "user" | "read_only";
                /** @description Field to sort by */
                sort?: "createdAt" | "email" | "displayName";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["HouseholdUserDto"][];
                        /** @description Items matching the query, across all pages */
                        total: number;
                    };
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    UsersController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HouseholdUserDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    UsersController_adminUpdate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminUpdateUserDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HouseholdUserDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    MfaAdminController_reset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MfaResetDto"];
                };
            };
            /** @description Not an admin, or my own account (use disable) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description No such user in my household */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description The user has no two-factor sign-in */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    UsersController_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    UsersController_updateMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateProfileDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    UsersController_changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponseDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WhiskiesController_list: {
        parameters: {
            query?: {
                /** @description The whisky with this EAN/UPC code (spaces ignored): the barcode scanner look-up */
                barcode?: string;
                /** @description Only whiskies of this country (case-insensitive) */
                country?: string;
                /** @description Sort direction */
                order?: "ASC" | "DESC";
                /** @description 1-based page number */
                page?: unknown;
                /** @description Items per page */
                perPage?: unknown;
                /** @description Free-text search */
                q?: string;
                /** @description Only whiskies of this region (case-insensitive) */
                region?: string;
                /** @description Field to sort by */
                sort?: "name" | "createdAt" | "abv" | "ageYears" | "distillery";
                /** @description Only whiskies of this style */
                style?: "single_malt" | "blended_malt" | "blend" | "single_grain" | "bourbon" | "rye" | "other";
                /** @description Only whiskies with this tag (case-insensitive) */
                tag?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WhiskyDto"][];
                        /** @description Items matching the query, across all pages */
                        total: number;
                    };
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WhiskiesController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWhiskyDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WhiskyDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WhiskiesController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WhiskyDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WhiskiesController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WhiskiesController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWhiskyDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WhiskyDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WhiskyPhotosController_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhotoDto"][];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WhiskyPhotosController_upload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description The image
                     */
                    file: string;
                };
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhotoDto"];
                };
            };
            /** @description Larger than PHOTO_MAX_MB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Not multipart, or not a JPEG, PNG, WebP or AVIF image */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description A pixel bomb (over 100 megapixels) or an image that cannot be decoded */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WhiskyPhotosController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                photoId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhotoDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WhiskyPhotosController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                photoId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WhiskyPhotosController_file: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                photoId: string;
                variant: "original" | "thumb-256" | "thumb-768";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The image */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/avif": string;
                    "image/jpeg": string;
                    "image/png": string;
                    "image/webp": string;
                };
            };
            /** @description The requested bytes of the image */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not modified (If-None-Match matched) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The Range lies outside the file */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    WhiskyPhotosController_setCover: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                photoId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhotoDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    NotesController_listForWhisky: {
        parameters: {
            query?: {
                /** @description Only notes written by this member. */
                authorId?: string;
                /** @description `true`: only the caller's own notes. */
                mine?: boolean;
                /** @description Sort direction */
                order?: "ASC" | "DESC";
                /** @description 1-based page number */
                page?: unknown;
                /** @description Items per page */
                perPage?: unknown;
                /** @description Free-text search */
                q?: string;
                /** @description Field to sort by */
                sort?: "createdAt" | "score";
            };
            header?: never;
            path: {
                whiskyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WhiskyNotesDto"];
                };
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    HealthController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
    HealthController_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to serve requests */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not ready; `error` names the failing components */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error: an RFC 9457 problem document */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetailsDto"];
                };
            };
        };
    };
}
