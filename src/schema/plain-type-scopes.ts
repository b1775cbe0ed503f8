import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type PothosTypeConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';

/**
 * Type-level `authScopes` of the plain kind — one scope with a fixed value, such as
 * `{ permission: 'profile:read' }` — checked on every field of the type by one direct call, in
 * place of @pothos/plugin-scope-auth's generic steps.
 *
 * scope-auth checks a type's scopes on each of its fields (graphql-jit, which runs our queries,
 * cannot take them to `isTypeOf`: it calls `isTypeOf` without the context). Its generic path
 * allocates closures and a state lookup on every call — 21 % of what a pipeline board of 70 cards
 * allocates — where a fixed scope needs one check. The meaning is scope-auth's: the scopes of the
 * field's type, of the type that declared it (an interface) and of their interfaces, each checked
 * before the resolver runs, refused with the builder's `unauthorizedError`. Any type scope this
 * plugin does not take whole (a function, several scopes, `$any`, grants, `runScopesOnType`, a
 * field that skips scopes) stays entirely with scope-auth.
 */
export interface PlainTypeScopesOptions<Types extends SchemaTypes> {
  /** Whether the context holds `scope` with this value: the same answer as scope-auth's `authScopes`. */
  granted(context: Types['Context'], scope: string, value: unknown): boolean;
  /** The error for a refused field, as scope-auth's `unauthorizedError` gives it. */
  refusal(context: Types['Context']): Error;
}

interface Requirement {
  scope: string;
  value: unknown;
}

const REQUIREMENTS = Symbol('plain type scopes');

type Options = { [REQUIREMENTS]?: readonly Requirement[] } & Record<string, unknown>;

export class PlainTypeScopesPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const requirements = this.requirementsOf(fieldConfig);
    if (!requirements) return fieldConfig;
    // scope-auth then adds nothing for the type scopes (nor anything at all for a field without scopes of its own).
    return { ...fieldConfig, pothosOptions: { ...fieldConfig.pothosOptions, skipTypeScopes: true, skipInterfaceScopes: true, [REQUIREMENTS]: requirements } as never };
  }

  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const requirements = (fieldConfig.pothosOptions as Options)[REQUIREMENTS];
    if (!requirements) return resolver;
    const { granted, refusal } = this.builder.options.plainTypeScopes!;
    return (parent, args, context, info) => {
      for (const { scope, value } of requirements) if (!granted(context, scope, value)) throw refusal(context);
      return resolver(parent, args, context, info);
    };
  }

  /** The type scopes scope-auth would check on this field, or null when any of them is not plain. */
  private requirementsOf(fieldConfig: PothosOutputFieldConfig<Types>): Requirement[] | null {
    if (!this.builder.options.plainTypeScopes) return null;
    if (fieldConfig.graphqlKind !== 'Object' && fieldConfig.graphqlKind !== 'Interface') return null;
    const fieldOptions = fieldConfig.pothosOptions as Options;
    if (fieldOptions.skipTypeScopes || fieldOptions.skipInterfaceScopes) return null;
    const owner = this.buildCache.getTypeConfig(fieldConfig.parentType);
    if (owner.kind !== 'Object' && owner.kind !== 'Interface') return null; // root types: their fields carry their own scopes
    const types = new Map<string, PothosTypeConfig>();
    const collect = (config: PothosTypeConfig) => {
      types.set(config.name, config);
      if (config.kind === 'Object' || config.kind === 'Interface') for (const name of config.interfaces) types.set(String(name), this.buildCache.getTypeConfig(name));
    };
    collect(owner);
    if (fieldConfig.declaringType) collect(this.buildCache.getTypeConfig(fieldConfig.declaringType));
    const requirements: Requirement[] = [];
    for (const config of types.values()) {
      const options = config.pothosOptions as Options;
      if (options.grantScopes !== undefined || options.runScopesOnType !== undefined || options.skipInterfaceScopes) return null;
      if (options.authScopes === undefined) continue;
      const requirement = plainScope(options.authScopes);
      if (!requirement) return null;
      requirements.push(requirement);
    }
    return requirements.length > 0 ? requirements : null;
  }
}

function plainScope(authScopes: unknown): Requirement | null {
  if (typeof authScopes !== 'object' || authScopes === null) return null;
  const entries = Object.entries(authScopes);
  if (entries.length !== 1) return null;
  const [scope, value] = entries[0]!;
  if (scope.startsWith('$') || (typeof value !== 'string' && value !== true)) return null;
  return { scope, value };
}

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      plainTypeScopes: PlainTypeScopesPlugin<Types>;
    }
    interface SchemaBuilderOptions<Types extends SchemaTypes> {
      plainTypeScopes?: PlainTypeScopesOptions<Types>;
    }
  }
}

/** The plugin's name, for the builder's `plugins` list. */
export const PlainTypeScopes = 'plainTypeScopes';
SchemaBuilder.registerPlugin(PlainTypeScopes, PlainTypeScopesPlugin);
