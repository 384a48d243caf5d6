/** One field-level problem of a validation failure. */
export class FieldErrorDto {
  /** Dotted path of the offending field. @example "perPage" */
  field: string;
  /** What is wrong with it. @example "perPage must not be greater than 100" */
  message: string;
}

/** An RFC 9457 problem document: the body of every error response (`application/problem+json`). */
export class ProblemDetailsDto {
  /** Problem type. @example "/problems/bad-request" */
  type: string;
  /** Short summary of the problem type. @example "Bad Request" */
  title: string;
  /** HTTP status code. @example 400 */
  status: number;
  /** What went wrong this time. @example "The request has 1 invalid field" */
  detail: string;
  /** Path of the request. @example "/api/v1/bottles" */
  instance: string;
  /** Request id, also in the X-Request-Id response header and every log line of the request. */
  requestId?: string;
  /** Field-level problems of a validation failure. */
  errors?: FieldErrorDto[];
}
