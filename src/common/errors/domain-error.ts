/** One field-level problem, as listed in a problem document's `errors`. */
export interface FieldError {
  /** Dotted path of the offending field (`bottles.0.sizeMl`), or `body` for the whole body. */
  field: string;
  message: string;
}

/**
 * Base of every error a service throws on purpose. The problem filter turns it into an RFC 9457
 * `application/problem+json` answer with the subclass's status and title.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;

  constructor(
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The resource does not exist, or belongs to someone the caller may not see (never a leak). */
export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly title = 'Not Found';
}

/** The request conflicts with the current state (duplicate, stale version, already running). */
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly title = 'Conflict';
}

/** The caller is known but not allowed to do this. */
export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly title = 'Forbidden';
}

/** The caller is not (or no longer) authenticated. */
export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly title = 'Unauthorized';
}

/** The request is well-formed but breaks a business rule (pouring more than remains). */
export class InvalidError extends DomainError {
  readonly status = 422;
  readonly title = 'Unprocessable Content';
}

/** The request itself is malformed in a way validation could not express. */
export class BadRequestError extends DomainError {
  readonly status = 400;
  readonly title = 'Bad Request';
}

/** The request's content is in a format this route does not read. */
export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly title = 'Unsupported Media Type';
}

/** The upload is larger than the route accepts. */
export class ContentTooLargeError extends DomainError {
  readonly status = 413;
  readonly title = 'Content Too Large';
}

/** The service cannot answer now (maintenance, restore in progress); try again later. */
export class UnavailableError extends DomainError {
  readonly status = 503;
  readonly title = 'Service Unavailable';
}

/** The update was based on an outdated `version` of the resource. */
export class StaleVersionError extends ConflictError {
  constructor(resource: string, expected: number, actual: number) {
    super(
      `${resource} was changed by someone else (version ${actual}, you sent ${expected}); reload and retry`,
      [{ field: 'version', message: `expected ${actual}` }],
    );
  }
}
