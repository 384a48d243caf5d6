import { useState } from 'react';
import { Box, Chip, Stack, Typography } from '@mui/material';
import {
  BooleanInput,
  Button,
  FormDataConsumer,
  maxLength,
  maxValue,
  minValue,
  NumberInput,
  PasswordInput,
  RadioButtonGroupInput,
  required,
  TextInput,
  useRecordContext,
} from 'react-admin';
import { useFormContext } from 'react-hook-form';
import {
  PROVIDER_TYPE_CHOICES,
  providerTypeLabel,
  SECRET_PLACEHOLDER,
  secretIsSet,
  type ProviderType,
  type StorageProvider,
} from './providerSettings';

interface SecretInputProps {
  /** The settings field, e.g. `secretAccessKey`. */
  field: string;
  label: string;
  helperText?: string;
  /** Required when creating (the API refuses a new provider without it). */
  requiredOnCreate?: boolean;
  /** May be removed from a saved provider (sent as null). */
  removable?: boolean;
  /** A pasted file (private key, rclone.conf) rather than a password. */
  multiline?: boolean;
}

/**
 * A write-only setting. On a new provider it is a plain empty field. On a saved one the stored value
 * never reaches an input: the admin sees "set" or "not set", and "Replace" reveals an empty field
 * (left empty, the stored secret is kept).
 */
const SecretInput = ({
  field,
  label,
  helperText,
  requiredOnCreate,
  removable,
  multiline,
}: SecretInputProps) => {
  const record = useRecordContext<StorageProvider>();
  const { setValue } = useFormContext();
  const [mode, setMode] = useState<'stored' | 'replace' | 'remove'>('stored');
  const source = `settings.${field}`;
  const input = multiline ? (
    <TextInput
      source={source}
      label={label}
      multiline
      minRows={4}
      helperText={helperText}
      validate={requiredOnCreate && !record ? required() : undefined}
      slotProps={{ htmlInput: { spellCheck: false, autoComplete: 'off' } }}
    />
  ) : (
    <PasswordInput
      source={source}
      label={label}
      helperText={helperText}
      validate={requiredOnCreate && !record ? required() : undefined}
      autoComplete="new-password"
    />
  );
  if (!record) return input;

  const isSet = secretIsSet(record.settings, field);
  const choose = (next: typeof mode) => {
    setMode(next);
    const value = next === 'replace' ? '' : next === 'remove' ? null : isSet ? SECRET_PLACEHOLDER : null;
    setValue(source, value, { shouldDirty: true });
  };
  return (
    <Box sx={{ mb: 2, width: '100%' }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <Typography variant="body2" component="span" id={`${field}-state`}>
          {label}:
        </Typography>
        {mode === 'remove' ? (
          <Chip size="small" color="warning" label="removed when you save" />
        ) : (
          <Chip
            size="small"
            variant="outlined"
            color={isSet ? 'success' : 'default'}
            label={isSet ? 'set' : 'not set'}
            aria-describedby={`${field}-state`}
          />
        )}
        {mode === 'stored' ? (
          <>
            <Button
              label={isSet ? 'Replace' : 'Set'}
              aria-label={`${isSet ? 'Replace' : 'Set'} ${label.toLowerCase()}`}
              onClick={() => choose('replace')}
            />
            {removable && isSet && (
              <Button
                label="Remove"
                aria-label={`Remove ${label.toLowerCase()}`}
                color="warning"
                onClick={() => choose('remove')}
              />
            )}
          </>
        ) : (
          <Button
            label="Cancel"
            aria-label={`Keep ${label.toLowerCase()}`}
            onClick={() => choose('stored')}
          />
        )}
      </Stack>
      {mode === 'replace' && (
        <Box sx={{ mt: 1 }}>
          {input}
          {isSet && (
            <Typography variant="caption" color="text.secondary" component="p">
              Left empty, the stored value is kept.
            </Typography>
          )}
        </Box>
      )}
    </Box>
  );
};

const LocalInputs = () => (
  <TextInput
    source="settings.root"
    label="Folder"
    validate={[required(), maxLength(4096)]}
    helperText="Absolute path of an existing folder on the server, inside its data folder (DATA_DIR) unless the server allows any folder"
  />
);

const S3Inputs = () => (
  <>
    <TextInput
      source="settings.endpoint"
      label="Endpoint"
      validate={maxLength(2000)}
      helperText="URL of an S3-compatible service such as https://minio.lan:9000; empty for AWS"
    />
    <TextInput source="settings.region" label="Region" validate={[required(), maxLength(64)]} />
    <TextInput source="settings.bucket" label="Bucket" validate={[required(), maxLength(255)]} />
    <TextInput
      source="settings.prefix"
      label="Folder in the bucket"
      validate={maxLength(512)}
      helperText="Every key is stored under it, e.g. whiskey/; empty for the bucket root"
    />
    <BooleanInput
      source="settings.forcePathStyle"
      label="Path-style addressing"
      helperText="Address the bucket as endpoint/bucket (MinIO, Garage)"
    />
    <TextInput source="settings.accessKeyId" label="Access key ID" validate={[required(), maxLength(256)]} />
    <SecretInput field="secretAccessKey" label="Secret access key" requiredOnCreate />
  </>
);

const WebdavInputs = () => (
  <>
    <TextInput
      source="settings.url"
      label="URL"
      validate={[required(), maxLength(2000)]}
      helperText="URL of an existing folder, e.g. https://cloud.example.org/remote.php/dav/files/ada/whiskey"
    />
    <TextInput source="settings.username" label="User" validate={maxLength(256)} />
    <SecretInput field="password" label="Password" removable />
  </>
);

/** A validator: a filled-in value must match `pattern`. */
const matches = (pattern: RegExp, message: string) => (value: unknown) =>
  typeof value === 'string' && value !== '' && !pattern.test(value) ? message : undefined;

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

const SftpInputs = () => (
  <>
    <TextInput source="settings.host" label="Host" validate={[required(), maxLength(253)]} />
    <NumberInput
      source="settings.port"
      label="Port"
      min={1}
      max={65535}
      validate={[minValue(1), maxValue(65535)]}
      helperText="Empty: 22"
    />
    <TextInput source="settings.username" label="User" validate={[required(), maxLength(256)]} />
    <TextInput
      source="settings.root"
      label="Folder"
      validate={maxLength(4096)}
      helperText="Existing folder, absolute or relative to the login folder; empty: the login folder"
    />
    <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
      A password, a private key, or both.
    </Typography>
    <SecretInput field="password" label="Password" removable />
    <SecretInput
      field="privateKey"
      label="Private key"
      removable
      multiline
      helperText="OpenSSH or PEM private key"
    />
    <SecretInput field="passphrase" label="Key passphrase" removable />
    <TextInput
      source="settings.hostKeyFingerprint"
      label="Pinned host key"
      validate={matches(FINGERPRINT, 'A SHA256: fingerprint as ssh-keygen -l prints it')}
      helperText="SHA256:… from ssh-keygen -l; empty: the first passing connection test pins the key the server shows"
    />
  </>
);

const RcloneInputs = () => (
  <>
    <TextInput
      source="settings.remote"
      label="Remote"
      validate={[required(), matches(/^[^:/\\\s]+:/, 'name:path of a remote defined in the config')]}
      helperText="name:path of a remote in the config below, e.g. gdrive:Backups/whiskey"
    />
    <SecretInput
      field="config"
      label="rclone config"
      requiredOnCreate
      multiline
      helperText="Paste the contents of rclone.conf, as rclone config writes it"
    />
  </>
);

const INPUTS: Record<ProviderType, () => React.JSX.Element> = {
  local: LocalInputs,
  s3: S3Inputs,
  webdav: WebdavInputs,
  sftp: SftpInputs,
  rclone: RcloneInputs,
};

/**
 * The name, the type (chosen when creating; a saved provider keeps its type) and the settings form of that type.
 * Each type's inputs are keyed by type and version, so a secret field's "replace" state starts over
 * when the type changes or the provider was saved.
 */
export const StorageProviderInputs = ({ typeFixed }: { typeFixed?: boolean }) => {
  const version = useRecordContext<StorageProvider>()?.version;
  return (
    <>
      <TextInput
        source="name"
        label="Name"
        validate={[required(), maxLength(100)]}
        helperText="e.g. NAS (WebDAV)"
      />
      {typeFixed ? (
        <FormDataConsumer<{ settings?: { type?: ProviderType } }>>
          {({ formData }) =>
            formData.settings?.type && (
              <Typography variant="body2" sx={{ mb: 2 }}>
                Type: {providerTypeLabel(formData.settings.type)}
              </Typography>
            )
          }
        </FormDataConsumer>
      ) : (
        <RadioButtonGroupInput
          source="settings.type"
          label="Type"
          choices={PROVIDER_TYPE_CHOICES}
          validate={required()}
        />
      )}
      <FormDataConsumer<{ settings?: { type?: ProviderType } }>>
        {({ formData }) => {
          const type = formData.settings?.type;
          if (!type) return null;
          const Inputs = INPUTS[type];
          return (
            <Box key={`${type}-${version}`} sx={{ display: 'flex', flexDirection: 'column', width: '100%' }}>
              <Inputs />
            </Box>
          );
        }}
      </FormDataConsumer>
    </>
  );
};
