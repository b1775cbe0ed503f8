import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type PothosOutputFieldType, type SchemaTypes } from '@pothos/core';
import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isUnionType,
  type GraphQLFieldResolver,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type GraphQLUnionType,
} from 'graphql';

type Path = GraphQLResolveInfo['path'];

/**
 * Response paths with identity, for an execution engine that gives every resolver call fresh path
 * objects.
 *
 * graphql-js links a field's path to the very object its parent field resolved with, and
 * @pothos/plugin-prisma relies on that: a relation field finds what its ancestors' planned query
 * loaded by walking `info.path.prev` and looking each link up by identity. graphql-jit (the
 * compiled executor, src/http/use-compiled-execution.ts) builds each path as a new object literal,
 * so that walk finds nothing and every nested relation falls back to a query of its own. An
 * execution that asks for it (`internPathsFor(context)`) gets one canonical object per response
 * path, shared by every resolver that reads it; other executions (subscriptions, which graphql-js
 * runs) see their paths untouched.
 */
class InternedPath implements Path {
  readonly prev: InternedPath | undefined;
  readonly key: string | number;
  readonly typename: string | undefined;
  children: Map<string | number, InternedPath> | undefined;

  constructor(prev: InternedPath | undefined, key: string | number, typename: string | undefined) {
    this.prev = prev;
    this.key = key;
    this.typename = typename;
  }
}

const rootsByContext = new WeakMap<object, Map<string | number, InternedPath>>();

/**
 * Gives the execution with this context one path object per response path, until `release`.
 * Released explicitly rather than left to the WeakMap: V8's young-generation collector keeps a
 * WeakMap's values alive, so the paths would outlive the request into the old generation.
 */
export function internPathsFor(context: object): { release(): void } {
  rootsByContext.set(context, new Map());
  return { release: () => rootsByContext.delete(context) };
}

function intern(path: Path, roots: Map<string | number, InternedPath>): InternedPath {
  const prev = path.prev === undefined ? undefined : intern(path.prev, roots);
  const siblings = prev ? (prev.children ??= new Map()) : roots;
  let interned = siblings.get(path.key);
  if (!interned) {
    interned = new InternedPath(prev, path.key, path.typename);
    siblings.set(path.key, interned);
  }
  return interned;
}

/**
 * Fields that can record or look up a planned query's mappings by path: every field with a
 * selection beneath it (a root or relation that plans a query, a list or connection its rows pass
 * through), and leaves that plugin-prisma reads from a plan (relation counts and fields with a
 * `select`). A plain leaf never does, so it is left unwrapped.
 */
function mayReadPathIdentity<Types extends SchemaTypes>(fieldConfig: PothosOutputFieldConfig<Types>): boolean {
  if (fieldConfig.extensions?.pothosPrismaSelect) return true;
  let type: PothosOutputFieldType<Types> = fieldConfig.type;
  while (type.kind === 'List') type = type.type;
  return type.kind === 'Object' || type.kind === 'Interface' || type.kind === 'Union';
}

/**
 * Only a Prisma type's fields look mappings up, walking their own path's links: beneath a field
 * whose result can never lead to a Prisma type (an event of the timeline, the interaction facts),
 * no one reads its path's identity, and interning it would be work for nothing.
 */
const typesLeadingToPrisma = new WeakMap<GraphQLSchema, ReadonlySet<string>>();

function leadsToPrisma(schema: GraphQLSchema, type: GraphQLNamedType): boolean {
  let leading = typesLeadingToPrisma.get(schema);
  if (!leading) {
    leading = typesReachingPrisma(schema);
    typesLeadingToPrisma.set(schema, leading);
  }
  return leading.has(type.name);
}

/** The composite types from which a selection can reach a type that plugin-prisma backs. */
function typesReachingPrisma(schema: GraphQLSchema): Set<string> {
  const composites = Object.values(schema.getTypeMap()).filter(
    (type): type is GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType => isCompositeType(type) && !type.name.startsWith('__'),
  );
  const reaching = new Set(composites.filter((type) => type.extensions?.pothosPrismaModel).map((type) => type.name));
  const next = (type: GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType): GraphQLNamedType[] =>
    isUnionType(type) ? [...type.getTypes()] : [...Object.values(type.getFields()).map((field) => getNamedType(field.type)), ...(isInterfaceType(type) ? schema.getPossibleTypes(type) : [])];
  for (let grew = true; grew; ) {
    grew = false;
    for (const type of composites) {
      if (!reaching.has(type.name) && next(type).some((target) => reaching.has(target.name))) {
        reaching.add(type.name);
        grew = true;
      }
    }
  }
  return reaching;
}

export class StableResponsePathsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (!mayReadPathIdentity(fieldConfig)) return resolver;
    const ownSelect = Boolean(fieldConfig.extensions?.pothosPrismaSelect);
    // Settled at the first call, when the whole schema exists.
    let interns: boolean | undefined;
    return (parent, args, context, info) => {
      interns ??= ownSelect || leadsToPrisma(info.schema, getNamedType(info.returnType));
      const roots = interns ? rootsByContext.get(context as object) : undefined;
      return resolver(parent, args, context, roots ? ({ ...info, path: intern(info.path, roots) } satisfies GraphQLResolveInfo) : info);
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      stableResponsePaths: StableResponsePathsPlugin<Types>;
    }
  }
}

/** The plugin's name, for the builder's `plugins` list. */
export const StableResponsePaths = 'stableResponsePaths';
SchemaBuilder.registerPlugin(StableResponsePaths, StableResponsePathsPlugin);
