import type { Builder } from '../builder.ts';
import {
  ConflictError,
  ErrorCode,
  ForbiddenError,
  NexoError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
  type FieldError,
} from '../errors.ts';

const ERROR_CODE_MEANINGS: Record<ErrorCode, string> = {
  VALIDATION: 'An input value is invalid; nothing was changed.',
  NOT_FOUND: 'The record asked for does not exist in your tenant.',
  CONFLICT: 'The change collides with existing data or with the record\'s current state.',
  FORBIDDEN: 'Your roles do not grant the permission this needs.',
  UNAUTHENTICATED: 'No valid token was presented.',
  SERVICE_UNAVAILABLE: 'The server lost a service it depends on (live events): retry, or resubscribe, shortly.',
  INTERNAL_SERVER_ERROR: 'An unexpected failure on the server; details are in its log, not in the response.',
};

/** The typed errors every area shares; a field opts in with `errors: { types: [...] }`. */
export function registerErrorTypes(builder: Builder): void {
  const ErrorCodeEnum = builder.enumType('ErrorCode', {
    description: 'Stable machine-readable error codes.',
    values: Object.fromEntries(Object.values(ErrorCode).map((code) => [code, { value: code, description: ERROR_CODE_MEANINGS[code] }])),
  });

  const ErrorInterface = builder.interfaceRef<NexoError>('Error').implement({
    description: 'An expected failure. Nothing was changed by the operation that returned it.',
    fields: (t) => ({
      message: t.exposeString('message', { description: 'What went wrong, in English, for a person to read; branch on `code`, not on this text.' }),
      code: t.field({ type: ErrorCodeEnum, description: 'The kind of failure, stable for clients to branch on.', resolve: (error) => error.code }),
    }),
  });

  const FieldErrorRef = builder.objectRef<FieldError>('FieldError').implement({
    description: 'One invalid input value.',
    fields: (t) => ({
      path: t.exposeStringList('path', { description: 'Where in the input, e.g. ["input", "email"].' }),
      message: t.exposeString('message', { description: 'What is wrong with the value, for a person to read.' }),
    }),
  });

  builder.objectType(ValidationError, {
    name: 'ValidationError',
    description: 'The input was refused: one or more values are invalid, each listed in `fieldErrors`.',
    interfaces: [ErrorInterface],
    fields: (t) => ({ fieldErrors: t.field({ type: [FieldErrorRef], description: 'Every invalid value found, at least one.', resolve: (error) => error.fieldErrors }) }),
  });
  builder.objectType(NotFoundError, {
    name: 'NotFoundError',
    description: 'No record with the id given exists in your tenant (one in another tenant is not found either).',
    interfaces: [ErrorInterface],
    fields: (t) => ({ id: t.exposeID('id', { description: 'The id that was looked for.' }) }),
  });
  builder.objectType(ConflictError, {
    name: 'ConflictError',
    description: 'The request collides with the current state: a duplicate (see `existingId`), or a change the record no longer allows.',
    interfaces: [ErrorInterface],
    fields: (t) => ({
      existingId: t.exposeID('existingId', { nullable: true, description: 'The global id of the record this collided with.' }),
    }),
  });
  builder.objectType(ForbiddenError, {
    name: 'ForbiddenError',
    description: "Your token is valid, but none of its roles grants the permission this operation needs.",
    interfaces: [ErrorInterface],
  });
  builder.objectType(UnauthenticatedError, {
    name: 'UnauthenticatedError',
    description: 'The request carries no valid token: send `Authorization: Bearer <token>`.',
    interfaces: [ErrorInterface],
  });
}
