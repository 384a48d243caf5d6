import type { FieldError } from './domain-error.js';

/** Media type of every error response. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An RFC 9457 problem document, the body of every error response of the API. */
export interface ProblemDetails {
  /** URI reference identifying the problem type. */
  type: string;
  /** Short summary of the problem type. */
  title: string;
  /** HTTP status code. */
  status: number;
  /** Explanation specific to this occurrence. */
  detail: string;
  /** The request path this problem occurred on. */
  instance: string;
  /** Request id, to find the matching log lines. */
  requestId?: string;
  /** Field-level problems, for validation failures. */
  errors?: FieldError[];
}
