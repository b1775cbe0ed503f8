import { getArgumentValues, Kind, type FieldNode, type GraphQLField, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { Context } from '../context.ts';
import { selectedFieldNamesOf } from './selection.ts';

/**
 * A field whose value can be read along with its parent row, in the parent's own statement (a
 * correlated subquery on the parent's alias): a root field that loads one row, or a page of rows,
 * builds one statement for the rows and every such field its query selects of them, instead of
 * one statement per field. This is the one way a field brings its value along with its parent:
 * the field declares its part in its extensions (`readAlong(part)`); its resolver takes the value
 * with `valueReadAlong` and, when there is none (its parent came another way), reads it itself,
 * batched per request.
 */
export interface ReadAlongPart<Value = unknown> {
  /** The SQL expression over the parent row (`parent` is its alias), or null when these arguments need the field's own resolver. */
  expression(args: Record<string, unknown>, context: Context, parent: string, parameter: (value: unknown) => string, selection: ReadAlongSelection): string | null;
  /** The field's value from the expression's (JSON arrives parsed). */
  read(value: unknown, args: Record<string, unknown>): Value;
}

/** What the query selects beneath the field, so that its expression reads only that. */
export interface ReadAlongSelection {
  /** The names of the fields selected at `path` beneath the field (see selectedFieldNames). */
  fieldNames(path: readonly string[]): ReadonlySet<string>;
}

const PART = 'nexoReadAlong';
const VALUES = Symbol('values read along');

/** The extensions that declare a field's part. */
export function readAlong<Value>(part: ReadAlongPart<Value>): Record<string, unknown> {
  return { [PART]: part };
}

export interface SelectedPart {
  responseKey: string;
  /** The field's name (several response keys may ask for one field with different arguments). */
  fieldName: string;
  /** The SQL expression, to select `AS` a column of the parent's statement. */
  expression: string;
  read(value: unknown): unknown;
}

/**
 * The parts of the fields the current field's query selects of its result (through fragments, on
 * any of `typeNames`, the types the row may turn out to be): directly, or at `path` beneath it for
 * a list whose rows are further down (`['edges', 'node']` of a connection).
 */
export function selectedParts(
  info: GraphQLResolveInfo,
  typeNames: readonly string[],
  context: Context,
  parent: string,
  parameter: (value: unknown) => string,
  path: readonly string[] = [],
): SelectedPart[] {
  const types = typeNames.map((name) => info.schema.getType(name) as { getFields(): Record<string, GraphQLField<unknown, unknown>> } | undefined);
  const parts = new Map<string, SelectedPart>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      } else {
        const responseKey = selection.alias?.value ?? selection.name.value;
        if (parts.has(responseKey)) continue;
        const field = types.map((type) => type?.getFields()[selection.name.value]).find((candidate) => candidate?.extensions?.[PART]);
        if (!field) continue;
        const part = field.extensions[PART] as ReadAlongPart;
        const args = getArgumentValues(field, selection, info.variableValues);
        const fieldSelection: ReadAlongSelection = { fieldNames: (path) => selectedFieldNamesOf(selection, info.fragments, path) };
        const expression = expressionOrNull(() => part.expression(args, context, parent, parameter, fieldSelection));
        if (expression !== null) parts.set(responseKey, { responseKey, fieldName: selection.name.value, expression, read: (value) => part.read(value, args) });
      }
    }
  };
  for (const set of selectionSetsAt(info, path)) visit(set);
  return [...parts.values()];
}

function selectionSetsAt(info: GraphQLResolveInfo, path: readonly string[]): SelectionSetNode[] {
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) sets = sets.flatMap((set) => fieldNodesNamed(set, name, info).flatMap((field) => (field.selectionSet ? [field.selectionSet] : [])));
  return sets;
}

function fieldNodesNamed(set: SelectionSetNode, name: string, info: GraphQLResolveInfo): FieldNode[] {
  return set.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === name ? [selection] : [];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldNodesNamed(selection.selectionSet, name, info);
    const fragment = info.fragments[selection.name.value];
    return fragment ? fieldNodesNamed(fragment.selectionSet, name, info) : [];
  });
}

/** Arguments the part refuses (a bad cursor) are left to the field's own resolver, which reports them at the field. */
function expressionOrNull(build: () => string | null): string | null {
  try {
    return build();
  } catch {
    return null;
  }
}

/** Keeps on the row the values its statement read along, by response key. */
export function keepReadAlong(row: object, values: ReadonlyMap<string, unknown>): void {
  Object.defineProperty(row, VALUES, { value: values, enumerable: false });
}

/** The value read along for the field being resolved, if its parent's statement read it. */
export function valueReadAlong<Value>(parent: unknown, info: GraphQLResolveInfo): { value: Value } | null {
  const values = (parent as { [VALUES]?: ReadonlyMap<string, unknown> } | null)?.[VALUES];
  const key = info.path.key as string;
  return values?.has(key) ? { value: values.get(key) as Value } : null;
}
