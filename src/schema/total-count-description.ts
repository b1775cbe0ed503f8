import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';

export const TOTAL_COUNT_DESCRIPTION = 'How many items the whole list holds with the same filters, on every page together (not only this one).';

/**
 * Describes the `totalCount` field that @pothos/plugin-prisma adds to a connection it builds: the
 * plugin takes no description for it, and the contract describes every field.
 */
export class TotalCountDescriptionPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    if (fieldConfig.name !== 'totalCount' || fieldConfig.description || !fieldConfig.parentType.endsWith('Connection')) return fieldConfig;
    return { ...fieldConfig, description: TOTAL_COUNT_DESCRIPTION };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      totalCountDescription: TotalCountDescriptionPlugin<Types>;
    }
  }
}

/** The plugin's name, for the builder's `plugins` list. */
export const TotalCountDescription = 'totalCountDescription';
SchemaBuilder.registerPlugin(TotalCountDescription, TotalCountDescriptionPlugin);
