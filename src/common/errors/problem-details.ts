/** Media type of every error response. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
