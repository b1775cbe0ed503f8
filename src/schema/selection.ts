import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The names of the fields a query selects at `path` under the current field (e.g. `['edges',
 * 'node']` of a connection), through inline fragments and named fragments alike. Lets a list read
 * in its own statement what its nodes will ask for, instead of one more query afterwards.
 */
export function selectedFieldNames(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) sets = sets.flatMap((set) => fieldsOf(set, info).filter((field) => field.name === name).flatMap((field) => field.selectionSet ?? []));
  return new Set(sets.flatMap((set) => fieldsOf(set, info).map((field) => field.name)));
}

function fieldsOf(set: SelectionSetNode, info: GraphQLResolveInfo): { name: string; selectionSet?: SelectionSetNode }[] {
  return set.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [{ name: selection.name.value, ...(selection.selectionSet && { selectionSet: selection.selectionSet }) }];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsOf(selection.selectionSet, info);
    const fragment = info.fragments[selection.name.value];
    return fragment ? fieldsOf(fragment.selectionSet, info) : [];
  });
}
