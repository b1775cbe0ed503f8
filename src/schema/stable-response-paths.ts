import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type PothosOutputFieldType, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver, GraphQLResolveInfo } from 'graphql';

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
function readsPathIdentity<Types extends SchemaTypes>(fieldConfig: PothosOutputFieldConfig<Types>): boolean {
  if (fieldConfig.extensions?.pothosPrismaSelect) return true;
  let type: PothosOutputFieldType<Types> = fieldConfig.type;
  while (type.kind === 'List') type = type.type;
  return type.kind === 'Object' || type.kind === 'Interface' || type.kind === 'Union';
}

export class StableResponsePathsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (!readsPathIdentity(fieldConfig)) return resolver;
    return (parent, args, context, info) => {
      const roots = rootsByContext.get(context as object);
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
