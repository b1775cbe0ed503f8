import type { Plugin } from '@envelop/core';
import {
  getArgumentValues,
  getNullableType,
  GraphQLError,
  isInputObjectType,
  isListType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import { ErrorCode } from '../errors.ts';

type ListField = { field: GraphQLField<unknown, unknown>; node: FieldNode };
type Pending = { value: unknown; type: GraphQLInputType; path: string[]; maxItems: unknown };

/**
 * Refuses, before anything runs, any list longer than the bound its argument or input field
 * declares (`extensions.maxItems`, see schema/list-bounds.ts), written inline or sent as a
 * variable: the lengths are read from the raw values, so a list of 100,000 ids is refused without
 * being coerced, let alone resolved. The whole operation is refused, so a mutation beside it
 * changes nothing.
 */
export function useListBounds(): Plugin {
  const listFieldsOf = new WeakMap<DocumentNode, { schema: GraphQLSchema; fields: ListField[] }>();
  const check = (args: ExecutionArgs, stop: (result: ExecutionResult) => void) => {
    let known = listFieldsOf.get(args.document);
    if (!known || known.schema !== args.schema) {
      known = { schema: args.schema, fields: findFieldsTakingLists(args.schema, args.document) };
      listFieldsOf.set(args.document, known);
    }
    const problems = known.fields.flatMap(({ field, node }) => listProblems(field, node, (args.variableValues ?? {}) as Record<string, unknown>));
    if (problems.length > 0) stop({ errors: problems });
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
  };
}

function listProblems(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): GraphQLError[] {
  let values: Record<string, unknown>;
  try {
    values = getArgumentValues(field, node, variables);
  } catch {
    return []; // malformed arguments are reported by execution itself
  }
  const problems: GraphQLError[] = [];
  const pending: Pending[] = field.args.map((arg) => ({ value: values[arg.name], type: arg.type, path: [arg.name], maxItems: arg.extensions.maxItems }));
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path, maxItems } = next;
    const type = getNullableType(next.type);
    if (value == null) continue;
    if (isListType(type)) {
      const items = Array.isArray(value) ? value : [value];
      if (typeof maxItems === 'number' && items.length > maxItems) {
        const message = `must have at most ${maxItems.toLocaleString('en-US')} items (got ${items.length.toLocaleString('en-US')})`;
        problems.push(
          new GraphQLError(`Argument "${path.join('.')}" of "${field.name}" ${message}`, {
            nodes: [node],
            extensions: { code: ErrorCode.VALIDATION, fieldErrors: [{ path: [field.name, ...path], message }] },
          }),
        );
        continue;
      }
      items.forEach((item, index) => pending.push({ value: item, type: type.ofType, path: [...path, String(index)], maxItems: undefined }));
    } else if (isInputObjectType(type) && typeof value === 'object') {
      for (const inputField of Object.values(type.getFields())) {
        if (!mayHoldList(inputField.type)) continue;
        pending.push({ value: (value as Record<string, unknown>)[inputField.name], type: inputField.type, path: [...path, inputField.name], maxItems: inputField.extensions.maxItems });
      }
    }
  }
  return problems;
}

/** The fields of a document with an argument that is, or holds, a list. */
function findFieldsTakingLists(schema: GraphQLSchema, document: DocumentNode): ListField[] {
  const typeInfo = new TypeInfo(schema);
  const fields: ListField[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      [Kind.FIELD](node) {
        const field = typeInfo.getFieldDef() as GraphQLField<unknown, unknown> | null;
        if (field?.args.some((arg) => mayHoldList(arg.type))) fields.push({ field, node });
      },
    }),
  );
  return fields;
}

const holdsList = new WeakMap<GraphQLInputType, boolean>();

function mayHoldList(inputType: GraphQLInputType): boolean {
  const type = getNullableType(inputType);
  if (isListType(type)) return true;
  if (!isInputObjectType(type)) return false;
  let known = holdsList.get(type);
  if (known === undefined) {
    holdsList.set(type, false); // a recursive input type holds a list only through another field
    known = Object.values(type.getFields()).some((inputField) => mayHoldList(inputField.type));
    holdsList.set(type, known);
  }
  return known;
}
