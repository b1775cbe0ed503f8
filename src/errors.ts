/** Stable codes clients can branch on; they appear as `code` on typed errors and in `extensions.code`. */
export const ErrorCode = {
  VALIDATION: 'VALIDATION',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An expected failure: it becomes a typed result where a field declares it, a coded GraphQL error elsewhere. */
export abstract class NexoError extends Error {
  abstract readonly code: ErrorCode;
}

export interface FieldError {
  /** Path inside the input, e.g. `["input", "email"]`. */
  path: string[];
  message: string;
}

export class ValidationError extends NexoError {
  readonly code = ErrorCode.VALIDATION;
  override name = 'ValidationError';
  readonly fieldErrors: FieldError[];
  constructor(fieldErrors: FieldError[], message = summarize(fieldErrors)) {
    super(message);
    this.fieldErrors = fieldErrors;
  }

  static at(path: string[], message: string): ValidationError {
    return new ValidationError([{ path, message }]);
  }
}

export class NotFoundError extends NexoError {
  readonly code = ErrorCode.NOT_FOUND;
  override name = 'NotFoundError';
  readonly resource: string;
  readonly id: string;
  constructor(resource: string, id: string) {
    super(`${resource} ${id} was not found`);
    this.resource = resource;
    this.id = id;
  }
}

export class ConflictError extends NexoError {
  readonly code = ErrorCode.CONFLICT;
  override name = 'ConflictError';
  /** The global id of the existing record the request collided with, where there is one. */
  readonly existingId: string | null;
  constructor(message: string, existingId: string | null = null) {
    super(message);
    this.existingId = existingId;
  }
}

export class ForbiddenError extends NexoError {
  readonly code = ErrorCode.FORBIDDEN;
  override name = 'ForbiddenError';
  constructor(message = 'You do not have permission to do this') {
    super(message);
  }
}

export class UnauthenticatedError extends NexoError {
  readonly code = ErrorCode.UNAUTHENTICATED;
  override name = 'UnauthenticatedError';
  constructor(message = 'Authentication required: send a valid `Authorization: Bearer <token>` header') {
    super(message);
  }
}

/** A dependency of the server (pub/sub) failed for a while: retrying, or resuming, later will work. */
export class ServiceUnavailableError extends NexoError {
  readonly code = ErrorCode.SERVICE_UNAVAILABLE;
  override name = 'ServiceUnavailableError';
}

function summarize(fieldErrors: FieldError[]): string {
  if (fieldErrors.length === 0) return 'Invalid input';
  return fieldErrors.map((error) => `${error.path.join('.') || 'input'}: ${error.message}`).join('; ');
}
