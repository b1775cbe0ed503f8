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

/** The typed errors every area shares; a field opts in with `errors: { types: [...] }`. */
export function registerErrorTypes(builder: Builder): void {
  const ErrorCodeEnum = builder.enumType('ErrorCode', {
    description: 'Stable machine-readable error codes.',
    values: Object.fromEntries(Object.values(ErrorCode).map((code) => [code, { value: code }])),
  });

  const ErrorInterface = builder.interfaceRef<NexoError>('Error').implement({
    description: 'An expected failure. Nothing was changed by the operation that returned it.',
    fields: (t) => ({
      message: t.exposeString('message'),
      code: t.field({ type: ErrorCodeEnum, resolve: (error) => error.code }),
    }),
  });

  const FieldErrorRef = builder.objectRef<FieldError>('FieldError').implement({
    description: 'One invalid input value.',
    fields: (t) => ({
      path: t.exposeStringList('path', { description: 'Where in the input, e.g. ["input", "email"].' }),
      message: t.exposeString('message'),
    }),
  });

  builder.objectType(ValidationError, {
    name: 'ValidationError',
    interfaces: [ErrorInterface],
    fields: (t) => ({ fieldErrors: t.field({ type: [FieldErrorRef], resolve: (error) => error.fieldErrors }) }),
  });
  builder.objectType(NotFoundError, {
    name: 'NotFoundError',
    interfaces: [ErrorInterface],
    fields: (t) => ({ id: t.exposeID('id', { description: 'The id that was looked for.' }) }),
  });
  builder.objectType(ConflictError, {
    name: 'ConflictError',
    interfaces: [ErrorInterface],
    fields: (t) => ({
      existingId: t.exposeID('existingId', { nullable: true, description: 'The global id of the record this collided with.' }),
    }),
  });
  builder.objectType(ForbiddenError, { name: 'ForbiddenError', interfaces: [ErrorInterface] });
  builder.objectType(UnauthenticatedError, { name: 'UnauthenticatedError', interfaces: [ErrorInterface] });
}
