import SchemaBuilder, {
  BasePlugin,
  isThenable,
  type PothosOutputFieldConfig,
  type PothosOutputFieldType,
  type PothosTypeConfig,
  type SchemaTypes,
} from '@pothos/core';
import { type GraphQLAbstractType, type GraphQLFieldResolver, type GraphQLResolveInfo } from 'graphql';

/**
 * Type-level `authScopes` of the plain kind — one scope with a fixed value, such as
 * `{ permission: 'profile:read' }` — checked where a value of the type enters the response: on the
 * field that returns it, once per call, instead of on each of the type's own fields.
 *
 * @pothos/plugin-scope-auth checks a type's scopes on each of its fields, and graphql-jit (which
 * runs our queries) cannot take them to the object: it calls `isTypeOf` without the context. A
 * field with any resolver costs graphql-jit a resolve-info object and a response path per call, and
 * scope-auth's generic steps allocate closures on top: most of a customers page's allocations, for
 * fields that read a property. Entering a type is where its values come from — every object in a
 * response is the value of a field whose return type covers it — so the check is whole there:
 *
 * - a field returning the type (or a list of it) checks the type's scopes, and its interfaces',
 *   before its resolver runs; refused, the field is an error and its value null;
 * - a field returning an interface or union whose possible types need the same scopes checks them
 *   the same way; one whose possible types differ (`node`) checks each value's concrete type, and a
 *   refused value (or list item) becomes that error.
 *
 * So a viewer without the scope gets one error where the object would be, and a refused object's
 * `__typename` is not shown either. The errors are the builder's `unauthorizedError`. A type scope
 * this plugin does not take whole (a function, several scopes, `$any`, grants, `runScopesOnType`, a
 * field that skips scopes) stays with scope-auth, field by field, as before.
 */
export interface PlainTypeScopesOptions<Types extends SchemaTypes> {
  /** Whether the context holds `scope` with this value: the same answer as scope-auth's `authScopes`. */
  granted(context: Types['Context'], scope: string, value: unknown): boolean;
  /** The error for a refused value, as scope-auth's `unauthorizedError` gives it. */
  refusal(context: Types['Context']): Error;
}

interface Requirement {
  scope: string;
  value: unknown;
}

type Options = Record<string | symbol, unknown>;

const INTERFACES_TAKEN = Symbol('interface scopes taken by plain type scopes');

export class PlainTypeScopesPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  private readonly requirementsByType = new Map<string, Requirement[] | null>();

  /**
   * An object type whose scopes (its own and its interfaces') this plugin takes tells scope-auth to
   * skip its interfaces' scopes: a field's own `skipInterfaceScopes` is not read for the fields of
   * plugin-prisma's objects (scope-auth tests the field's kind for 'Object', and theirs is
   * 'PrismaObject'), which would otherwise still check the interface's scope on every call.
   */
  override onTypeConfig(typeConfig: PothosTypeConfig): PothosTypeConfig {
    if (!this.builder.options.plainTypeScopes || typeConfig.kind !== 'Object' || typeConfig.pothosOptions.skipInterfaceScopes) return typeConfig;
    const requirements = this.requirementsOf(typeConfig);
    if (!requirements || requirements.length === 0) return typeConfig;
    return { ...typeConfig, pothosOptions: { ...typeConfig.pothosOptions, skipInterfaceScopes: true, [INTERFACES_TAKEN]: true } as never };
  }

  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    if (!this.builder.options.plainTypeScopes) return fieldConfig;
    if (fieldConfig.graphqlKind !== 'Object' && fieldConfig.graphqlKind !== 'Interface') return fieldConfig;
    const fieldOptions = fieldConfig.pothosOptions as Options;
    if (fieldOptions.skipTypeScopes || fieldOptions.skipInterfaceScopes) return fieldConfig;
    const owner = this.buildCache.getTypeConfig(fieldConfig.parentType);
    if (owner.kind !== 'Object' && owner.kind !== 'Interface') return fieldConfig;
    // The owner's requirements include its interfaces', so those of an interface that declared the field.
    const requirements = this.requirementsOf(owner);
    if (!requirements || requirements.length === 0) return fieldConfig;
    // Checked where the type is entered (wrapResolve below), so scope-auth adds nothing here.
    return { ...fieldConfig, pothosOptions: { ...fieldConfig.pothosOptions, skipTypeScopes: true, skipInterfaceScopes: true } as never };
  }

  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const options = this.builder.options.plainTypeScopes;
    if (!options) return resolver;
    const { granted, refusal } = options;
    const entered = this.enteredTypes(fieldConfig.type);
    if (!entered || entered.types.every((type) => type.requirements.length === 0)) return resolver;
    const met = (context: Types['Context'], requirements: readonly Requirement[]) => requirements.every(({ scope, value }) => granted(context, scope, value));

    const shared = sameRequirements(entered.types.map((type) => type.requirements));
    if (shared) {
      return (parent, args, context, info) => {
        if (!met(context, shared)) throw refusal(context);
        return resolver(parent, args, context, info);
      };
    }

    // Possible types that need different scopes: each value is checked by its concrete type (a
    // type that cannot be told needs every possible type's scopes).
    const byType = new Map(entered.types.map((type) => [type.name, type.requirements]));
    const all = entered.types.flatMap((type) => type.requirements);
    const checked = (value: unknown, context: Types['Context'], info: GraphQLResolveInfo, abstract: GraphQLAbstractType): unknown => {
      if (value === null || value === undefined || value instanceof Error) return value;
      if (isThenable(value)) return value.then((resolved) => checked(resolved, context, info, abstract));
      if (Array.isArray(value)) return value.map((item) => checked(item, context, info, abstract));
      const typeOf = (name: unknown) => (met(context, (typeof name === 'string' && byType.get(name)) || all) ? value : refusal(context));
      if (!abstract.resolveType) return typeOf(null);
      const resolved = abstract.resolveType(value, context, info, abstract);
      return isThenable(resolved) ? resolved.then(typeOf) : typeOf(resolved);
    };
    return (parent, args, context, info) => {
      const abstract = info.schema.getType(entered.name) as GraphQLAbstractType;
      return checked(resolver(parent, args, context, info), context, info, abstract);
    };
  }

  /**
   * The named type a field returns and the object types its values can be, each with its plain
   * scopes ([] for none, and for a type scope-auth checks itself); null for a scalar or enum.
   */
  private enteredTypes(type: PothosOutputFieldType<Types>): { name: string; types: { name: string; requirements: Requirement[] }[] } | null {
    while (type.kind === 'List') type = type.type;
    if (type.kind !== 'Object' && type.kind !== 'Interface' && type.kind !== 'Union') return null;
    const config = this.buildCache.getTypeConfig(type.ref);
    const objects =
      config.kind === 'Interface'
        ? this.buildCache.getImplementers(config as never) // it finds them by the interface's name
        : config.kind === 'Union'
          ? config.types.map((member) => this.buildCache.getTypeConfig(member))
          : [config];
    return { name: config.name, types: objects.map((object) => ({ name: object.name, requirements: this.requirementsOf(object) ?? [] })) };
  }

  /**
   * The plain scopes of a type and of its interfaces, [] for none, or null when any of them is not
   * plain (scope-auth then checks that type's fields itself).
   */
  private requirementsOf(config: PothosTypeConfig): Requirement[] | null {
    if (this.requirementsByType.has(config.name)) return this.requirementsByType.get(config.name)!;
    const configs = [config];
    if (config.kind === 'Object' || config.kind === 'Interface') for (const name of config.interfaces) configs.push(this.buildCache.getTypeConfig(name));
    let requirements: Requirement[] | null = [];
    for (const each of configs) {
      const options = each.pothosOptions as Options;
      const skipsInterfaces = Boolean(options.skipInterfaceScopes) && !options[INTERFACES_TAKEN];
      if (options.grantScopes !== undefined || options.runScopesOnType !== undefined || skipsInterfaces) requirements = null;
      else if (options.authScopes !== undefined) {
        const requirement = plainScope(options.authScopes);
        if (!requirement) requirements = null;
        else requirements?.push(requirement);
      }
      if (!requirements) break;
    }
    this.requirementsByType.set(config.name, requirements);
    return requirements;
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

/** The requirements every type shares, when they all need the same ones; null otherwise. */
function sameRequirements(lists: readonly Requirement[][]): Requirement[] | null {
  const key = (list: readonly Requirement[]) => [...new Set(list.map(({ scope, value }) => `${scope}=${String(value)}`))].sort().join('&');
  const first = lists[0]!;
  return lists.every((list) => key(list) === key(first)) ? first : null;
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
