import type { Plugin } from '@envelop/core';
import { getArgumentValues } from 'graphql/execution/values.js';
import { GraphQLError, getNamedType, Kind, TypeInfo, visit, visitWithTypeInfo, type GraphQLField } from 'graphql';
import { ErrorCode } from '../errors.ts';

/**
 * Every connection, whichever plugin defines it, refuses `first`/`last` above the limit with a
 * VALIDATION error before anything runs, instead of quietly returning fewer rows than asked for.
 */
export function usePageSizeLimit(maxPageSize: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const typeInfo = new TypeInfo(args.schema);
      const problems: GraphQLError[] = [];
      visit(
        args.document,
        visitWithTypeInfo(typeInfo, {
          [Kind.FIELD](node) {
            const field = typeInfo.getFieldDef() as GraphQLField<unknown, unknown> | null;
            if (!field || !getNamedType(field.type).name.endsWith('Connection')) return;
            if (!field.args.some((arg) => arg.name === 'first' || arg.name === 'last')) return;
            let values: Record<string, unknown>;
            try {
              values = getArgumentValues(field, node, (args.variableValues ?? {}) as Record<string, unknown>);
            } catch {
              return; // malformed arguments are reported by execution itself
            }
            for (const name of ['first', 'last'] as const) {
              const value = values[name];
              if (typeof value !== 'number' || (value <= maxPageSize && value >= 0)) continue;
              const message = value < 0 ? 'must not be negative' : `must be at most ${maxPageSize}`;
              problems.push(
                new GraphQLError(`Argument "${name}" of "${field.name}" ${message}: page through larger sets with "after"`, {
                  nodes: [node],
                  extensions: { code: ErrorCode.VALIDATION, fieldErrors: [{ path: [field.name, name], message }] },
                }),
              );
            }
          },
        }),
      );
      if (problems.length > 0) setResultAndStopExecution({ errors: problems });
    },
  };
}
