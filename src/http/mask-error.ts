import { PothosValidationError } from '@pothos/core';
import { InputValidationError } from '@pothos/plugin-validation';
import { GraphQLError, Kind } from 'graphql';
import { ErrorCode, NexoError, UnauthenticatedError, ValidationError } from '../errors.ts';
import { rebuildError } from './rebuild-error.ts';

/**
 * Expected errors keep their message and gain a stable `extensions.code`; anything else is an
 * internal error whose details only development sees.
 */
export function maskError(error: unknown, message: string, isDevelopment: boolean): Error {
  if (!(error instanceof GraphQLError)) return internal(error, message, isDevelopment);
  const original = error.originalError;
  // Pothos reports bad ids and cursors as its own validation errors.
  if (original instanceof PothosValidationError) return withExtensions(error, error.message, { code: ErrorCode.VALIDATION });
  // graphql-js's coercion of a variable (it points at the variable's definition): a scalar's
  // refusal is its `originalError`, and the message names the variable and the path in it.
  if (error.nodes?.[0]?.kind === Kind.VARIABLE_DEFINITION) return withExtensions(error, error.message, { code: ErrorCode.VALIDATION });
  // GraphQL's own errors (no original) are safe to show; a GraphQLError thrown by a library is
  // shown only when it says what it is with a code.
  if (!original) return error;
  if (original instanceof GraphQLError && original.extensions?.code) return error;
  if (original instanceof NexoError) {
    return withExtensions(error, original.message, {
      code: original.code,
      // Thrown from a query (no typed result to carry them): every problem, each at its path.
      ...(original instanceof ValidationError ? { fieldErrors: original.fieldErrors } : {}),
      ...(original instanceof UnauthenticatedError ? { http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } } : {}),
    });
  }
  if (original instanceof InputValidationError) {
    return withExtensions(error, `Invalid argument: ${original.message}`, {
      code: ErrorCode.VALIDATION,
      fieldErrors: original.issues.map((issue) => ({
        path: issue.path?.map((part) => String(typeof part === 'object' ? part.key : part)) ?? [],
        message: issue.message,
      })),
    });
  }
  return internal(error, message, isDevelopment);
}

function withExtensions(error: GraphQLError, message: string, extensions: Record<string, unknown>): GraphQLError {
  return rebuildError(error, message, { ...error.extensions, ...extensions });
}

function internal(error: unknown, message: string, isDevelopment: boolean): GraphQLError {
  const graphQLError = error instanceof GraphQLError ? error : null;
  const original = graphQLError?.originalError ?? error;
  return new GraphQLError(message, {
    nodes: graphQLError?.nodes,
    path: graphQLError?.path,
    extensions: {
      code: ErrorCode.INTERNAL,
      ...(isDevelopment && original instanceof Error ? { originalError: { message: original.message, stack: original.stack?.split('\n') } } : {}),
    },
  });
}
