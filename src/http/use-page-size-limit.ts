import type { Plugin } from '@envelop/core';
import { getArgumentValues } from 'graphql/execution/values.js';
import { GraphQLError, getNamedType, Kind, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type FieldNode, type GraphQLField, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '../errors.ts';

type PagedField = { field: GraphQLField<unknown, unknown>; node: FieldNode };

/**
 * Every connection, whichever plugin defines it, refuses `first`/`last` above the limit with a
 * VALIDATION error before anything runs, instead of quietly returning fewer rows than asked for.
 */
export function usePageSizeLimit(maxPageSize: number): Plugin {
  // Which fields of a document are paged depends on the document alone, so it is found once per
  // parsed document (yoga hands the same one back for the same text); only the argument values,
  // which depend on the variables, are read per request.
  const pagedFieldsOf = new WeakMap<DocumentNode, { schema: GraphQLSchema; fields: PagedField[] }>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      let known = pagedFieldsOf.get(args.document);
      if (!known || known.schema !== args.schema) {
        known = { schema: args.schema, fields: findPagedFields(args.schema, args.document) };
        pagedFieldsOf.set(args.document, known);
      }
      const problems: GraphQLError[] = [];
      for (const { field, node } of known.fields) {
        let values: Record<string, unknown>;
        try {
          values = getArgumentValues(field, node, (args.variableValues ?? {}) as Record<string, unknown>);
        } catch {
          continue; // malformed arguments are reported by execution itself
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
      }
      if (problems.length > 0) setResultAndStopExecution({ errors: problems });
    },
  };
}

/** The connection fields of a document that take `first` or `last`, in document order. */
function findPagedFields(schema: GraphQLSchema, document: DocumentNode): PagedField[] {
  const typeInfo = new TypeInfo(schema);
  const fields: PagedField[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      [Kind.FIELD](node) {
        const field = typeInfo.getFieldDef() as GraphQLField<unknown, unknown> | null;
        if (!field || !getNamedType(field.type).name.endsWith('Connection')) return;
        if (!field.args.some((arg) => arg.name === 'first' || arg.name === 'last')) return;
        fields.push({ field, node });
      },
    }),
  );
  return fields;
}
