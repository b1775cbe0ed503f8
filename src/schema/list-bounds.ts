import SchemaBuilder, { BasePlugin, type PothosInputFieldConfig, type PothosInputFieldType, type SchemaTypes } from '@pothos/core';

/**
 * Every list a client can send — an argument or an input field — has a largest length, kept in its
 * `extensions.maxItems` and stated in its description, so that http/use-list-bounds.ts can refuse
 * a longer one before anything runs. A list of enum values is bounded by the enum's size (more
 * items would only repeat values); any other list declares its bound where it is defined:
 * `t.arg({ type: [ID], extensions: { maxItems: 50 } })`. tests/list-bounds.test.ts fails for a
 * list with neither.
 */
/** The most values a filter's list (of ids, owners, topics …) takes: a page's worth. */
export const MAX_FILTER_VALUES = 100;

/** Options of a filter's list argument or input field: its bound, `{ extensions: { maxItems } }`. */
export const filterList = { extensions: { maxItems: MAX_FILTER_VALUES } } as const;

export class ListBoundsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onInputFieldConfig(fieldConfig: PothosInputFieldConfig<Types>): PothosInputFieldConfig<Types> {
    if (fieldConfig.type.kind !== 'List') return fieldConfig;
    const declared = fieldConfig.extensions?.maxItems;
    const maxItems = typeof declared === 'number' ? declared : this.enumSize(fieldConfig.type.type);
    if (maxItems === null) return fieldConfig;
    const stated = maxItems.toLocaleString('en-US');
    const description = fieldConfig.description?.includes(stated) ? fieldConfig.description : `${fieldConfig.description ?? ''} At most ${stated} items.`.trim();
    return { ...fieldConfig, description, extensions: { ...fieldConfig.extensions, maxItems } };
  }

  private enumSize(itemType: PothosInputFieldType<Types>): number | null {
    if (itemType.kind !== 'Enum') return null;
    return Object.keys(this.buildCache.getTypeConfig(itemType.ref, 'Enum').values).length;
  }
}

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      listBounds: ListBoundsPlugin<Types>;
    }
  }
}

/** The plugin's name, for the builder's `plugins` list. */
export const ListBounds = 'listBounds';
SchemaBuilder.registerPlugin(ListBounds, ListBoundsPlugin);
