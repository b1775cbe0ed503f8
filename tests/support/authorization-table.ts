import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/**
 * The authorization matrix of a built schema: which permission each type and field declares
 * (scope-auth's `authScopes`, which Pothos passes through as `extensions.pothosOptions`), and for
 * each one the operations that reach it by every route the API offers.
 */

/** Where a permission is declared, by schema coordinate (`Type` or `Type.field`). */
export interface PermissionDeclarations {
  types: ReadonlyMap<string, string>;
  fields: ReadonlyMap<string, string>;
  /** Coordinates whose `authScopes` is not one plain `permission` or `authenticated` scope. */
  unreadable: readonly string[];
}

/** One operation that reaches something a permission gates. */
export interface AuthorizationCase {
  permission: string;
  /** What is reached, for a person to read. */
  target: string;
  /** How it is reached, for a person to read. */
  route: string;
  /** The declarations (`Type`, `Type.field`) whose values this operation reaches. */
  covers: string[];
  document: string;
  mutation: boolean;
  variables: Record<string, unknown>;
  /** Ids taken from the demo tenant at run time. */
  ids: IdNeed[];
  /** Response path at which the refusal shows; every error must lie there or below. */
  refusedAt: (string | number)[];
  /** Types one of which a viewer with the permission must receive (none: any answer will do). */
  shows: string[];
}

export type IdNeed =
  /** An id of this type, or of a type that implements it. */
  | { variable: string; kind: 'one'; type: string }
  /** `[companion, id]`: a record of a type the permission does not gate, then one of `type`. */
  | { variable: string; kind: 'after-companion'; type: string }
  /** A `parent` whose answer to `witness` (given `$ids`) holds one of the case's `shows`. */
  | { variable: string; kind: 'witness'; parent: string; witness: string };

export interface TableOptions {
  /** The instant DateTime arguments start from: tests never read the wall clock. */
  instant: string;
}

/** An argument a call must give. */
export function isRequired(argument: GraphQLArgument): boolean {
  return isNonNullType(argument.type) && argument.defaultValue === undefined;
}

type Scope = { permission: string } | 'authenticated' | 'none' | 'unreadable';

function scopeOf(extensions: unknown): Scope {
  const scopes = (extensions as { pothosOptions?: { authScopes?: unknown } } | null | undefined)?.pothosOptions?.authScopes;
  if (scopes === undefined) return 'none';
  if (typeof scopes !== 'object' || scopes === null) return 'unreadable';
  const entries = Object.entries(scopes);
  if (entries.length !== 1) return 'unreadable';
  const [name, value] = entries[0]!;
  if (name === 'permission' && typeof value === 'string') return { permission: value };
  if (name === 'authenticated' && value === true) return 'authenticated';
  return 'unreadable';
}

export function readPermissionDeclarations(schema: GraphQLSchema): PermissionDeclarations {
  const types = new Map<string, string>();
  const fields = new Map<string, string>();
  const unreadable: string[] = [];
  const note = (coordinate: string, scope: Scope, into: Map<string, string>) => {
    if (scope === 'unreadable') unreadable.push(coordinate);
    else if (typeof scope === 'object') into.set(coordinate, scope.permission);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    note(type.name, scopeOf(type.extensions), types);
    for (const field of Object.values(type.getFields())) note(`${type.name}.${field.name}`, scopeOf(field.extensions), fields);
  }
  return { types, fields, unreadable };
}

const implementsNode = (type: GraphQLObjectType | GraphQLInterfaceType) => type.getInterfaces().some((implemented) => implemented.name === 'Node');

export class AuthorizationTable {
  readonly schema: GraphQLSchema;
  readonly declarations: PermissionDeclarations;
  readonly cases: AuthorizationCase[] = [];
  private readonly options: TableOptions;

  constructor(schema: GraphQLSchema, options: TableOptions) {
    this.schema = schema;
    this.options = options;
    this.declarations = readPermissionDeclarations(schema);
    this.addRootFieldCases();
    this.addNodeCases();
    this.addFieldCases();
    this.addRelationCases();
  }

  /** Every permission a type or field declares. */
  get permissions(): string[] {
    return [...new Set([...this.declarations.types.values(), ...this.declarations.fields.values()])].sort();
  }

  /** The permissions a value of this type needs: its own and those of its interfaces. */
  permissionsOfType(name: string): Set<string> {
    const type = this.schema.getType(name);
    const needed = new Set<string>();
    const own = this.declarations.types.get(name);
    if (own) needed.add(own);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const implemented of type.getInterfaces()) {
        const inherited = this.declarations.types.get(implemented.name);
        if (inherited) needed.add(inherited);
      }
    }
    return needed;
  }

  /** Object types whose values need `permission`. */
  typesGatedBy(permission: string): string[] {
    return this.objectTypes()
      .filter((type) => this.permissionsOfType(type.name).has(permission))
      .map((type) => type.name);
  }

  /** Object types that implement `Node`: the ones `node(id:)` answers. */
  nodeTypes(): GraphQLObjectType[] {
    return this.objectTypes().filter(implementsNode);
  }

  isNodeType(name: string): boolean {
    const type = this.schema.getType(name);
    return isObjectType(type) && implementsNode(type);
  }

  /** `permission Type` and `permission Type.field` pairs no case reaches. */
  unreached(): string[] {
    const reached = new Set(this.cases.flatMap((entry) => entry.covers.map((coordinate) => `${entry.permission} ${coordinate}`)));
    const declared = [
      ...[...this.declarations.fields].map(([coordinate, permission]) => `${permission} ${coordinate}`),
      ...this.objectTypes().flatMap((type) => [...this.permissionsOfType(type.name)].map((permission) => `${permission} ${type.name}`)),
    ];
    return declared.filter((entry) => !reached.has(entry)).sort();
  }

  /**
   * A selection below a field of this type that reaches every value a permission may gate: a Node
   * is read as `__typename id` (its own relations are cases of their own), anything else is
   * followed `depth` levels down. Null when nothing below is gated or a Node.
   */
  selectionReaching(named: GraphQLNamedType, depth = 4): string | null {
    if (isObjectType(named)) {
      if (implementsNode(named)) return '{ __typename id }';
      if (depth === 0) return null;
      const parts: string[] = [];
      for (const field of Object.values(named.getFields())) {
        if (field.args.some(isRequired)) continue;
        const below = this.selectionReaching(getNamedType(field.type), depth - 1);
        if (below) parts.push(`${field.name} ${below}`);
      }
      if (parts.length === 0 && this.permissionsOfType(named.name).size === 0) return null;
      return `{ __typename ${parts.join(' ')} }`;
    }
    if (isAbstractType(named)) {
      const fragments: string[] = [];
      for (const possible of this.schema.getPossibleTypes(named)) {
        const below = this.selectionReaching(possible, depth);
        if (below) fragments.push(`... on ${possible.name} ${below}`);
      }
      return fragments.length === 0 ? null : `{ __typename ${fragments.join(' ')} }`;
    }
    return null;
  }

  /** The object types a `selectionReaching` of this type may answer with. */
  typesBelow(named: GraphQLNamedType, depth = 4): Set<string> {
    const found = new Set<string>();
    const visit = (type: GraphQLNamedType, level: number) => {
      if (isObjectType(type)) {
        if (this.selectionReaching(type, level) === null) return;
        found.add(type.name);
        if (implementsNode(type) || level === 0) return;
        for (const field of Object.values(type.getFields())) {
          if (!field.args.some(isRequired)) visit(getNamedType(field.type), level - 1);
        }
      } else if (isAbstractType(type)) {
        for (const possible of this.schema.getPossibleTypes(type)) visit(possible, level);
      }
    };
    visit(named, depth);
    return found;
  }

  private objectTypes(): GraphQLObjectType[] {
    return Object.values(this.schema.getTypeMap())
      .filter(isObjectType)
      .filter((type) => !type.name.startsWith('__'))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private gatedBelow(field: GraphQLField<unknown, unknown>, permission: string): string[] {
    return [...this.typesBelow(getNamedType(field.type))].filter((type) => this.permissionsOfType(type).has(permission)).sort();
  }

  /** Query and Mutation fields that declare a permission, called with generated arguments. */
  private addRootFieldCases(): void {
    const roots = [
      [this.schema.getQueryType(), false],
      [this.schema.getMutationType(), true],
    ] as const;
    for (const [root, mutation] of roots) {
      if (!root) continue;
      for (const field of Object.values(root.getFields())) {
        const coordinate = `${root.name}.${field.name}`;
        const permission = this.declarations.fields.get(coordinate);
        if (!permission) continue;
        const ids: IdNeed[] = [];
        const { definitions, call, variables } = this.callOf(field, (argument) => {
          // A lookup reads a real record; a mutation gets an id that names nothing, so that its
          // control changes no record another case reads.
          if (!mutation && argument.name === 'id' && getNamedType(argument.type).name === 'ID') {
            ids.push({ variable: argument.name, kind: 'one', type: getNamedType(field.type).name });
            return true;
          }
          return false;
        });
        this.cases.push({
          permission,
          target: coordinate,
          route: 'the root',
          // The values it returns need the same permission: it is the only way to them.
          covers: [coordinate, ...this.gatedBelow(field, permission)],
          document: `${mutation ? 'mutation' : 'query'} Case${definitions} { ${call} ${mutation ? '{ __typename ... on Error { code } }' : this.leafSelection(field)} }`,
          mutation,
          variables,
          ids,
          refusedAt: [field.name],
          shows: [],
        });
      }
    }
  }

  /**
   * Every Node type a permission gates: through `node(id:)` with its own fragment, with the `Node`
   * interface's fields only, through each other interface it implements, and in `nodes(ids:)`
   * beside a record the viewer may read.
   */
  private addNodeCases(): void {
    for (const type of this.nodeTypes()) {
      for (const permission of this.permissionsOfType(type.name)) {
        const base = { permission, target: type.name, covers: [type.name], mutation: false, variables: {} };
        const one: IdNeed[] = [{ variable: 'id', kind: 'one', type: type.name }];
        this.cases.push(
          { ...base, route: 'node(id:)', document: `query Case($id: ID!) { node(id: $id) { __typename ... on ${type.name} { id } } }`, ids: one, refusedAt: ['node'], shows: [type.name] },
          { ...base, route: 'node(id:) as a Node', document: 'query Case($id: ID!) { node(id: $id) { id } }', ids: one, refusedAt: ['node'], shows: [] },
          {
            ...base,
            route: 'nodes(ids:) after a readable record',
            document: 'query Case($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }',
            ids: [{ variable: 'ids', kind: 'after-companion', type: type.name }],
            refusedAt: ['nodes', 1],
            shows: [type.name],
          },
        );
        for (const implemented of type.getInterfaces()) {
          if (implemented.name === 'Node') continue;
          this.cases.push({
            ...base,
            route: `node(id:) as a ${implemented.name}`,
            document: `query Case($id: ID!) { node(id: $id) { ... on ${implemented.name} { __typename } } }`,
            ids: one,
            refusedAt: ['node'],
            shows: [type.name],
          });
        }
      }
    }
  }

  /**
   * Fields that declare a permission of their own: through `node(id:)` on the type or on the
   * interface that declares the field, and through every root lookup by id that answers either.
   */
  private addFieldCases(): void {
    const rootTypes = new Set([this.schema.getQueryType()?.name, this.schema.getMutationType()?.name, this.schema.getSubscriptionType()?.name]);
    const queryName = this.schema.getQueryType()?.name;
    for (const [coordinate, permission] of this.declarations.fields) {
      const [typeName, fieldName] = coordinate.split('.') as [string, string];
      if (rootTypes.has(typeName)) continue;
      const owner = this.schema.getType(typeName) as GraphQLObjectType | GraphQLInterfaceType;
      const field = owner.getFields()[fieldName]!;
      const { definitions, call, variables } = this.callOf(field, () => false);
      const selection = `${call} ${this.leafSelection(field)}`;
      const variableDefinitions = definitions ? `${definitions.slice(1, -1)}, $id: ID!` : '$id: ID!';
      const base = { permission, target: coordinate, covers: [coordinate, ...this.gatedBelow(field, permission)], mutation: false, variables, shows: [] };
      const ids: IdNeed[] = [{ variable: 'id', kind: 'one', type: owner.name }];
      // Where the record needs the permission too, the refusal comes there, before the field.
      const recordNeedsIt = this.permissionsOfType(owner.name).has(permission);
      if (implementsNode(owner) || isInterfaceType(owner)) {
        this.cases.push({
          ...base,
          route: isInterfaceType(owner) ? `node(id:) as a ${owner.name}` : 'node(id:)',
          document: `query Case(${variableDefinitions}) { node(id: $id) { __typename ... on ${owner.name} { ${selection} } } }`,
          ids,
          refusedAt: recordNeedsIt ? ['node'] : ['node', fieldName],
        });
      }
      for (const lookup of this.rootLookupsOf(owner)) {
        const lookupNeedsIt = recordNeedsIt || this.declarations.fields.get(`${queryName}.${lookup}`) === permission;
        this.cases.push({
          ...base,
          route: `${lookup}(id:)`,
          document: `query Case(${variableDefinitions}) { ${lookup}(id: $id) { __typename ${selection} } }`,
          ids,
          refusedAt: lookupNeedsIt ? [lookup] : [lookup, fieldName],
        });
      }
    }
  }

  /**
   * Gated values behind a field of another record (a ticket's customer, a deal's offers), read
   * through `node(id:)` on a record whose field holds one, or from the root. Where the field
   * declares no such permission itself, what refuses is the values' type.
   */
  private addRelationCases(): void {
    const query = this.schema.getQueryType();
    const parents = [...(query ? [query] : []), ...this.nodeTypes()];
    for (const parent of parents) {
      const isRoot = parent === query;
      for (const field of Object.values(parent.getFields())) {
        if (field.args.some(isRequired)) continue;
        const selection = this.selectionReaching(getNamedType(field.type));
        if (!selection) continue;
        const fieldPermission = this.declarations.fields.get(`${parent.name}.${field.name}`);
        const permissions = new Set([...this.typesBelow(getNamedType(field.type))].flatMap((type) => [...this.permissionsOfType(type)]));
        for (const permission of permissions) {
          // The field's own permission is a field case; here the values' types must refuse.
          if (permission === fieldPermission) continue;
          const recordNeedsIt = !isRoot && this.permissionsOfType(parent.name).has(permission);
          const gated = this.gatedBelow(field, permission);
          const reading = `${parent.name} { ${field.name} ${selection} }`;
          this.cases.push({
            permission,
            target: gated.join(', '),
            route: isRoot ? `${field.name}` : `node(id:) as a ${parent.name}, its ${field.name}${recordNeedsIt ? ' (the record needs it too)' : ''}`,
            covers: gated,
            document: isRoot ? `query Case { ${field.name} ${selection} }` : `query Case($id: ID!) { node(id: $id) { __typename ... on ${reading} } }`,
            mutation: false,
            variables: {},
            ids: isRoot ? [] : [{ variable: 'id', kind: 'witness', parent: parent.name, witness: `query Witness($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on ${parent.name} { id ${field.name} ${selection} } } }` }],
            refusedAt: isRoot ? [field.name] : recordNeedsIt ? ['node'] : ['node', field.name],
            shows: gated,
          });
        }
      }
    }
  }

  /** Root query fields that take only `id: ID!` and answer this type. */
  private rootLookupsOf(type: GraphQLObjectType | GraphQLInterfaceType): string[] {
    const query = this.schema.getQueryType();
    if (!query) return [];
    return Object.values(query.getFields())
      .filter((field) => getNamedType(field.type).name === type.name)
      .filter((field) => field.args.filter(isRequired).map((argument) => `${argument.name}: ${String(argument.type)}`).join() === 'id: ID!')
      .map((field) => field.name);
  }

  private leafSelection(field: GraphQLField<unknown, unknown>): string {
    const named = getNamedType(field.type);
    return isObjectType(named) || isAbstractType(named) ? '{ __typename }' : '';
  }

  /** The field called with its required arguments, generated unless `filledLater` takes them. */
  private callOf(field: GraphQLField<unknown, unknown>, filledLater: (argument: GraphQLArgument) => boolean) {
    const required = field.args.filter(isRequired);
    const variables: Record<string, unknown> = {};
    const instants = new InstantSequence(this.options.instant);
    for (const argument of required) {
      if (filledLater(argument)) continue;
      variables[argument.name] = sampleOf(argument.type, instants);
    }
    const definitions = required.length ? `(${required.map((argument) => `$${argument.name}: ${String(argument.type)}`).join(', ')})` : '';
    const call = required.length ? `${field.name}(${required.map((argument) => `${argument.name}: $${argument.name}`).join(', ')})` : field.name;
    return { definitions, call, variables };
  }
}

/**
 * Instants for one call, a day apart in the order they are asked for: arguments come in
 * alphabetical order (the schema is sorted), so `from` comes before `to` and `since` before `until`.
 */
class InstantSequence {
  private next: number;

  constructor(start: string) {
    this.next = Date.parse(start) - 30 * 86_400_000;
  }

  take(): string {
    const instant = new Date(this.next).toISOString();
    this.next += 86_400_000;
    return instant;
  }
}

/** Inputs whose required fields alone would name nothing that exists: a value that does. */
const KNOWN_SAMPLES: Record<string, unknown> = {
  // A condition on a fact the profile (there whenever customers are) always declares.
  CustomerFactConditionInput: { fact: 'profile.kind', operator: 'IS_SET' },
};

/** A value of an input type with only its required fields, each given a plausible value. */
function sampleOf(type: GraphQLInputType, instants: InstantSequence): unknown {
  if (isNonNullType(type)) return sampleOf(type.ofType, instants);
  if (isListType(type)) return [sampleOf(type.ofType, instants)];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    // A one-of input takes exactly one field: the first that does not nest the input in itself.
    if (type.isOneOf) {
      const field = Object.values(type.getFields()).find((candidate) => getNamedType(candidate.type) !== type)!;
      return { [field.name]: sampleOf(field.type, instants) };
    }
    const known = KNOWN_SAMPLES[type.name];
    if (known) return known;
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) value[field.name] = sampleOf(field.type, instants);
    }
    return value;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      // A well-formed global id that names nothing: "Nothing:<nil uuid>".
      case 'ID':
        return Buffer.from('Nothing:00000000-0000-0000-0000-000000000000').toString('base64');
      case 'String':
        return 'authorization-matrix';
      case 'Int':
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'DateTime':
        return instants.take();
      case 'Date':
        return instants.take().slice(0, 10);
      case 'JSONObject':
        return {};
      case 'CountryCode':
        return 'DE';
      // Sent as a file part of a multipart request (server.graphql does so for any Blob).
      case 'File':
        return new File(['authorization-matrix\n'], 'authorization-matrix.csv', { type: 'text/csv' });
    }
  }
  throw new Error(`No sample value for ${String(type)}: teach sampleOf one`);
}
