import type { Plugin } from '@envelop/core';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors.ts';

/**
 * Every document the server refuses before execution — syntax, unknown fields, the limits of
 * graphql-armor — answers with `extensions.code: VALIDATION`. Some limit rules throw instead of
 * reporting; those become ordinary validation errors (HTTP 400) without the misleading
 * "Syntax Error:" prefix the parser helper gives them.
 */
export function useValidationCodes(): Plugin {
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => {
        try {
          return parseFn(source, options);
        } catch (error) {
          throw error instanceof GraphQLError ? coded(error, error.message) : error;
        }
      });
    },
    onValidate({ validateFn, setValidationFn }) {
      setValidationFn((schema, document, rules, typeInfo, options) => {
        try {
          return (validateFn(schema, document, rules, typeInfo, options) as readonly GraphQLError[]).map((error) => coded(error, error.message));
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          return [coded(error, error.message.replace(/^Syntax Error: /, ''))];
        }
      });
    },
  };
}

function coded(error: GraphQLError, message: string): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code: ErrorCode.VALIDATION },
  });
}
