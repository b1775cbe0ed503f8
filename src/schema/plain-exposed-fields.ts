import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { defaultFieldResolver, type GraphQLFieldResolver } from 'graphql';

/**
 * A field that exposes the property of its own name (`displayName: t.exposeString('displayName')`)
 * and that no plugin wraps gets no resolver at all: the executor reads the property itself. Pothos
 * gives every exposed field a resolver (`parent => parent[name]`), and for every field with a
 * resolver graphql-jit builds a resolve-info object and a response path on each call — for a
 * property read. The answer is the same: graphql-js's default resolver and graphql-jit's inlined
 * read both take the property (graphql-js would also call it, were it a function; no row of ours
 * holds functions).
 *
 * Must come first in the builder's plugins, so that it sees what every other plugin made of the field.
 */
export class PlainExposedFieldsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const unwrapped = resolver === fieldConfig.resolve;
    return unwrapped && fieldConfig.extensions?.pothosExposedField === fieldConfig.name ? (defaultFieldResolver as typeof resolver) : resolver;
  }
}

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      plainExposedFields: PlainExposedFieldsPlugin<Types>;
    }
  }
}

/** The plugin's name, for the builder's `plugins` list. */
export const PlainExposedFields = 'plainExposedFields';
SchemaBuilder.registerPlugin(PlainExposedFields, PlainExposedFieldsPlugin);
