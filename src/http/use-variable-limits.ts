import type { Plugin } from '@envelop/core';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Config } from '../config.ts';
import { ErrorCode } from '../errors.ts';
import { MAX_JSON_DEPTH } from '../schema/json-bounds.ts';

export interface VariableLimits {
  /** Most list items all variables may hold together, at any depth. */
  maxListItems: number;
  /** Deepest nesting of lists and objects in a variable. */
  maxNesting: number;
}

/**
 * graphql-armor's limits see only the document: variables are the part of a request they do not
 * count. This counts them before anything else reads them — the list items of every variable
 * together, JSON values included, and how deeply they nest — and refuses the request with a
 * VALIDATION error beyond either limit. The walk is iterative, so no nesting can exhaust the stack.
 */
export function useVariableLimits(limits: VariableLimits): Plugin {
  const check = (variables: unknown, stop: (result: ExecutionResult) => void) => {
    const problem = variables == null ? null : measure(variables, limits);
    if (problem) stop({ errors: [new GraphQLError(problem, { extensions: { code: ErrorCode.VALIDATION } })] });
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) => check(args.variableValues, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => check(args.variableValues, setResultAndStopExecution),
  };
}

/** The limits derived from the configuration: input types nest no deeper than a selection may, plus a JSON value's own depth. */
export function variableLimitsFor(limits: Config['limits']): VariableLimits {
  return { maxListItems: limits.maxVariableListItems, maxNesting: limits.maxDepth + MAX_JSON_DEPTH };
}

function measure(variables: unknown, limits: VariableLimits): string | null {
  let listItems = 0;
  const pending: { value: unknown; depth: number }[] = [{ value: variables, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, depth } = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limits.maxNesting) return `Variables nest deeper than ${limits.maxNesting} levels`;
    if (Array.isArray(value)) {
      listItems += value.length;
      if (listItems > limits.maxListItems) return `Variables hold more than ${limits.maxListItems.toLocaleString('en-US')} list items in all`;
      for (const item of value) pending.push({ value: item, depth: depth + 1 });
    } else {
      for (const key in value) pending.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
  return null;
}
