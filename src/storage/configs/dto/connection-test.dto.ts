import { ApiProperty } from '@nestjs/swagger';
import type { ConnectionTestResult, ConnectionTestStep } from '../../storage-provider.js';
import { ApiStorageSettings, ValidStorageSettings, type StorageSettingsDto } from './storage-settings.dto.js';

/** Outcome of one step of a connection test. */
export class ConnectionTestStepDto {
  @ApiProperty({ enum: ['write', 'read', 'list', 'delete'] })
  step: ConnectionTestStep['step'];
  /** `skipped` when an earlier step failed and this one could not run. */
  @ApiProperty({ enum: ['ok', 'failed', 'skipped'] })
  status: ConnectionTestStep['status'];
  /** Time the step took; 0 when skipped. @example 12 */
  latencyMs: number;
  /** Class of the error when the step failed. @example "StorageAuthError" */
  errorType?: string;
  /** The provider's explanation when the step failed; never contains secrets. */
  error?: string;
}

/** A connection test: a probe object written, read back, listed and deleted. */
export class ConnectionTestResultDto {
  /** Every step succeeded. */
  ok: boolean;
  steps: ConnectionTestStepDto[];
  /** Free space reported by the back end, when it reports one. */
  freeBytes?: number;
  testedAt: Date;
  /**
   * SFTP without a pinned host key only: the fingerprint the server presented (trust on first use).
   * A saved provider keeps it when the test passed.
   */
  hostKeyFingerprint?: string;

  static from(
    result: ConnectionTestResult,
    testedAt: Date,
    hostKeyFingerprint?: string,
  ): ConnectionTestResultDto {
    return Object.assign(new ConnectionTestResultDto(), {
      ok: result.ok,
      steps: result.steps.map((step) => Object.assign(new ConnectionTestStepDto(), step)),
      ...(result.freeBytes === undefined ? {} : { freeBytes: result.freeBytes }),
      testedAt,
      ...(hostKeyFingerprint === undefined ? {} : { hostKeyFingerprint }),
    });
  }
}

/** Settings to try before saving them. */
export class TestStorageSettingsDto {
  @ApiStorageSettings('The settings to test, as they would be saved', true)
  @ValidStorageSettings()
  settings: StorageSettingsDto;
}
