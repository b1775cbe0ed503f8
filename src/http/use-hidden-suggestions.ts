import type { Plugin } from '@envelop/core';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { rebuildError } from './rebuild-error.ts';

/** The sentence graphql-js appends to a message to suggest names: ` Did you mean "a" or "b"?`, ` Did you mean the enum value "X"?`. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * "Did you mean …?" suggestions help developers and map the schema for attackers: in production no
 * message carries one. Validation asks graphql-js not to write them (its `hideSuggestions` option).
 * Variables are coerced where no such option reaches (graphql-js's getVariableValues, called by
 * execution and by the plugin that refuses bad variables first), so the results of execution and
 * subscription have the sentence removed from their errors. Listed before the plugins that may end execution early, so
 * their results pass through here too.
 */
export function useHiddenSuggestions(): Plugin {
  return {
    onValidate({ validateFn, setValidationFn }) {
      setValidationFn((schema, document, rules, options, typeInfo) => validateFn(schema, document, rules, { ...options, hideSuggestions: true }, typeInfo));
    },
    onExecute: () => ({
      onExecuteDone({ result, setResult }) {
        if (isSingleResult(result)) setResult(withoutSuggestions(result));
      },
    }),
    onSubscribe: () => ({
      onSubscribeResult({ result, setResult }) {
        if (isSingleResult(result)) setResult(withoutSuggestions(result));
      },
    }),
  };
}

function isSingleResult(result: unknown): result is ExecutionResult {
  return typeof result === 'object' && result !== null && !(Symbol.asyncIterator in result);
}

function withoutSuggestions(result: ExecutionResult): ExecutionResult {
  const errors = result.errors?.map(withoutSuggestion);
  return errors?.some((error, index) => error !== result.errors![index]) ? { ...result, errors } : result;
}

function withoutSuggestion(error: GraphQLError): GraphQLError {
  const message = error.message.replace(SUGGESTION, '');
  if (message === error.message) return error;
  return rebuildError(error, message, error.extensions);
}
