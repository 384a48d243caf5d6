import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/**
 * The WebAuthn JSON shapes (W3C WebAuthn Level 3, `PublicKeyCredential.toJSON()` and
 * `PublicKeyCredential.parseCreationOptionsFromJSON()`): binary values travel as base64url strings.
 */

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64URL_MESSAGE = (field: string) => `${field} must be base64url`;
/** Credential ids are at most 1023 bytes (WebAuthn §5.4.3), 1364 characters in base64url. */
const MAX_CREDENTIAL_ID = 1364;
/** Generous for attestation objects with certificate chains; a body is capped by the HTTP limit anyway. */
const MAX_BLOB = 32_768;

/** The authenticator's answer to a registration (`AuthenticatorAttestationResponseJSON`). */
export class AttestationResponseDto {
  /** base64url of the client data the browser signed over (type, challenge, origin). */
  @IsString()
  @MaxLength(MAX_BLOB)
  @Matches(BASE64URL, { message: BASE64URL_MESSAGE('clientDataJSON') })
  clientDataJSON: string;

  /** base64url of the CBOR attestation object (authenticator data and attestation statement). */
  @IsString()
  @MaxLength(MAX_BLOB)
  @Matches(BASE64URL, { message: BASE64URL_MESSAGE('attestationObject') })
  attestationObject: string;

  /** base64url of the authenticator data (also inside the attestation object). */
  @IsOptional()
  @IsString()
  @MaxLength(MAX_BLOB)
  @Matches(BASE64URL, { message: BASE64URL_MESSAGE('authenticatorData') })
  authenticatorData?: string;

  /** How the browser reached the authenticator. @example ["internal", "hybrid"] */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  transports?: string[];

  /** COSE algorithm of the new key. @example -7 */
  @IsOptional()
  @IsInt()
  publicKeyAlgorithm?: number;

  /** base64url of the new public key (SubjectPublicKeyInfo); the server reads it from the attestation. */
  @IsOptional()
  @IsString()
  @MaxLength(MAX_BLOB)
  @Matches(BASE64URL, { message: BASE64URL_MESSAGE('publicKey') })
  publicKey?: string;
}

/** The authenticator's answer to a sign-in (`AuthenticatorAssertionResponseJSON`). */
export class AssertionResponseDto {
  /** base64url of the client data the browser signed over (type, challenge, origin). */
  @IsString()
  @MaxLength(MAX_BLOB)
  @Matches(BASE64URL, { message: BASE64URL_MESSAGE('clientDataJSON') })
  clientDataJSON: string;

  /** base64url of the authenticator data (RP ID hash, flags, signature counter). */
  @IsString()
  @MaxLength(MAX_BLOB)
  @Matches(BASE64URL, { message: BASE64URL_MESSAGE('authenticatorData') })
  authenticatorData: string;

  /** base64url of the signature over the authenticator data and the client data's hash. */
  @IsString()
  @MaxLength(MAX_BLOB)
  @Matches(BASE64URL, { message: BASE64URL_MESSAGE('signature') })
  signature: string;

  /** base64url of the user handle a discoverable credential holds; absent or null otherwise. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  @Matches(BASE64URL, { message: BASE64URL_MESSAGE('userHandle') })
  userHandle?: string;
}

/** Fields every public-key credential has in JSON. */
export abstract class PublicKeyCredentialDto {
  /** The credential id, base64url. */
  @IsString()
  @MaxLength(MAX_CREDENTIAL_ID)
  @Matches(BASE64URL, { message: BASE64URL_MESSAGE('id') })
  id: string;

  /** The same id (WebAuthn sends it twice). */
  @IsString()
  @MaxLength(MAX_CREDENTIAL_ID)
  @Matches(BASE64URL, { message: BASE64URL_MESSAGE('rawId') })
  rawId: string;

  /** Always `public-key`. */
  @IsIn(['public-key'])
  type: 'public-key';

  /** Whether the authenticator is built into the device or a separate one. */
  @IsOptional()
  @IsIn(['platform', 'cross-platform'])
  authenticatorAttachment?: 'platform' | 'cross-platform';

  /** Outputs of client extensions (`credProps`, …); `{}` when none. */
  @IsObject()
  clientExtensionResults: Record<string, unknown>;
}

/** A new credential, as `navigator.credentials.create()` gives it (`RegistrationResponseJSON`). */
export class RegistrationCredentialDto extends PublicKeyCredentialDto {
  @ValidateNested()
  @Type(() => AttestationResponseDto)
  response: AttestationResponseDto;
}

/** A signed challenge, as `navigator.credentials.get()` gives it (`AuthenticationResponseJSON`). */
export class AuthenticationCredentialDto extends PublicKeyCredentialDto {
  @ValidateNested()
  @Type(() => AssertionResponseDto)
  response: AssertionResponseDto;
}

/** The relying party: this instance. */
export class RelyingPartyDto {
  /** @example "Whiskey Tracker" */
  name: string;
  /** The host name of PUBLIC_URL. @example "whisky.example.org" */
  id?: string;
}

/** The account a new credential is for. */
export class WebAuthnUserDto {
  /** base64url user handle (opaque; not the email). */
  id: string;
  /** @example "ada@example.org" */
  name: string;
  /** @example "Ada" */
  displayName: string;
}

/** A signature algorithm the server accepts. */
export class CredentialParameterDto {
  /** COSE algorithm identifier. @example -7 */
  alg: number;
  /** @example "public-key" */
  type: string;
}

/** A credential the authenticator should (allow) or should not (exclude) use. */
export class CredentialDescriptorDto {
  /** The credential id, base64url. */
  id: string;
  /** @example "public-key" */
  type: string;
  /** @example ["internal"] */
  transports?: string[];
}

/** What kind of authenticator the server asks for. */
export class AuthenticatorSelectionDto {
  authenticatorAttachment?: 'platform' | 'cross-platform';
  /** `preferred`: make a discoverable credential (a passkey) when the authenticator can. */
  residentKey?: 'discouraged' | 'preferred' | 'required';
  requireResidentKey?: boolean;
  userVerification?: 'discouraged' | 'preferred' | 'required';
}

/**
 * Options for `navigator.credentials.create()` in JSON (`PublicKeyCredentialCreationOptionsJSON`):
 * turn them into the browser's form with `PublicKeyCredential.parseCreationOptionsFromJSON()`.
 */
export class CreationOptionsDto {
  rp: RelyingPartyDto;
  user: WebAuthnUserDto;
  /** base64url; single-use, valid 5 minutes. */
  challenge: string;
  pubKeyCredParams: CredentialParameterDto[];
  /** Milliseconds the browser may wait for the person. @example 300000 */
  timeout?: number;
  /** The caller's passkeys, so the same authenticator is not registered twice. */
  excludeCredentials?: CredentialDescriptorDto[];
  authenticatorSelection?: AuthenticatorSelectionDto;
  /** @example "none" */
  attestation?: 'none' | 'indirect' | 'direct' | 'enterprise';
  /** Extension inputs (`credProps`). */
  extensions?: object;
}

/**
 * Options for `navigator.credentials.get()` in JSON (`PublicKeyCredentialRequestOptionsJSON`): turn
 * them into the browser's form with `PublicKeyCredential.parseRequestOptionsFromJSON()`.
 */
export class RequestOptionsDto {
  /** base64url; single-use, valid 5 minutes. */
  challenge: string;
  /** Milliseconds the browser may wait for the person. @example 300000 */
  timeout?: number;
  /** The host name of PUBLIC_URL. @example "whisky.example.org" */
  rpId?: string;
  /** Empty for password-less sign-in (the authenticator offers its passkeys for this site). */
  allowCredentials?: CredentialDescriptorDto[];
  userVerification?: 'discouraged' | 'preferred' | 'required';
  extensions?: object;
}
