import type { Plugin } from '@envelop/core';
import { getOperationAST, getVariableValues, GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { ErrorCode } from '../errors.ts';
import { rebuildError } from './rebuild-error.ts';

/**
 * Every document the server refuses before execution — syntax, unknown fields, the limits of
 * graphql-armor — answers with `extensions.code: VALIDATION`. Some limit rules throw instead of
 * reporting; those become ordinary validation errors (HTTP 400) without the misleading
 * "Syntax Error:" prefix the parser helper gives them. Variables that cannot be coerced to their
 * types are refused the same way before execution.
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
    onExecute: ({ args, setResultAndStopExecution }) => refuseInvalidVariables(args, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => refuseInvalidVariables(args, setResultAndStopExecution),
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

/**
 * Variables are coerced by graphql-js's own `getVariableValues` before the executor runs, so that
 * every bad value — an impossible date, a JSON object a scalar refuses, a missing field — answers
 * VALIDATION with graphql-js's message, which names the variable and the path inside it
 * (`Variable "$input" got invalid value "2026-02-30" at "input.birthDate"; …`). Execution coerces
 * them again, but never meets a value it would refuse.
 */
function refuseInvalidVariables(args: ExecutionArgs, stop: (result: ExecutionResult) => void): void {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation?.variableDefinitions?.length) return;
  const coerced = getVariableValues(args.schema, operation.variableDefinitions, (args.variableValues ?? {}) as Record<string, unknown>, { maxErrors: 50 });
  if (!coerced.errors) return;
  // Without the scalar's error as `originalError`, masking shows the message as it is.
  stop({ errors: coerced.errors.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: ErrorCode.VALIDATION } })) });
}

function coded(error: GraphQLError, message: string): GraphQLError {
  return rebuildError(error, message, { ...error.extensions, code: ErrorCode.VALIDATION });
}
