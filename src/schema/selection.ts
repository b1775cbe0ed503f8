import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

type Fragments = Readonly<Record<string, FragmentDefinitionNode>>;

/**
 * The names of the fields a query selects at `path` under the current field (e.g. `['edges',
 * 'node']` of a connection), through inline fragments and named fragments alike. Lets a list read
 * in its own statement what its nodes will ask for, instead of one more query afterwards.
 */
export function selectedFieldNames(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  return fieldNamesBelow(info.fieldNodes, info.fragments, path);
}

/** `selectedFieldNames` for the selection of one field node (`field`), e.g. a field read along with its parent. */
export function selectedFieldNamesOf(field: FieldNode, fragments: Fragments, path: readonly string[]): ReadonlySet<string> {
  // Parsed documents are cached and reused, so a node stands for the same selection every time:
  // @skip and @include are not read (a superset is selected), so variables cannot change it.
  let byPath = namesByNode.get(field);
  if (!byPath) namesByNode.set(field, (byPath = new Map()));
  const key = path.join('.');
  let names = byPath.get(key);
  if (!names) byPath.set(key, (names = fieldNamesBelow([field], fragments, path)));
  return names;
}

const namesByNode = new WeakMap<FieldNode, Map<string, ReadonlySet<string>>>();

function fieldNamesBelow(fields: readonly FieldNode[], fragments: Fragments, path: readonly string[]): Set<string> {
  let sets: SelectionSetNode[] = fields.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) sets = sets.flatMap((set) => fieldsOf(set, fragments).filter((field) => field.name === name).flatMap((field) => field.selectionSet ?? []));
  return new Set(sets.flatMap((set) => fieldsOf(set, fragments).map((field) => field.name)));
}

function fieldsOf(set: SelectionSetNode, fragments: Fragments): { name: string; selectionSet?: SelectionSetNode }[] {
  return set.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [{ name: selection.name.value, ...(selection.selectionSet && { selectionSet: selection.selectionSet }) }];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsOf(selection.selectionSet, fragments);
    const fragment = fragments[selection.name.value];
    return fragment ? fieldsOf(fragment.selectionSet, fragments) : [];
  });
}
