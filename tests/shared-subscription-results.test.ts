import { getNamedType, isObjectType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { discoverPlugins } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { buildSchema } from '../src/schema/build.ts';
import type { Plugin } from '../src/plugin-api.ts';
import { definePlugin } from '../src/plugin-api.ts';

/**
 * Every field a subscription result can hold, with whether it reads its parent's own property
 * (Pothos' `t.expose*`) or runs a resolver of its own, which could read the context.
 */
function fieldsUnderSubscriptions(schema: GraphQLSchema): { coordinate: string; readsItsParentOnly: boolean }[] {
  const found: { coordinate: string; readsItsParentOnly: boolean }[] = [];
  const seen = new Set<string>();
  const visit = (type: GraphQLObjectType) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      found.push({ coordinate: `${type.name}.${field.name}`, readsItsParentOnly: typeof field.extensions.pothosExposedField === 'string' });
      const named = getNamedType(field.type);
      if (isObjectType(named)) visit(named);
    }
  };
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) {
    const named = getNamedType(field.type);
    if (isObjectType(named)) visit(named);
  }
  return found;
}

async function composedSchema(extra: readonly Plugin[] = []): Promise<GraphQLSchema> {
  const config = loadConfig({ NODE_ENV: 'test' });
  const plugins = await discoverPlugins({ pluginsDir: config.pluginsDir, enabledPlugins: undefined });
  return buildSchema([...plugins, ...extra], { maxPageSize: config.limits.maxPageSize });
}

// Subscription results are shared by viewers of the same tenant and permissions, whoever they are
// (src/http/use-shared-subscription-results.ts). That is right only while no field under a
// subscription can answer differently for two such viewers: every one of them must read the event
// it is given and nothing else. A field with a resolver of its own (one that could read the
// viewer, e.g. "is this mine?") needs the viewer's subject in the sharing key first.
describe('shared subscription results', () => {
  it('hold only fields that read the event itself, so no result depends on who the viewer is', async () => {
    const fields = fieldsUnderSubscriptions(await composedSchema());
    expect(fields.length).toBeGreaterThan(5);
    expect(fields.filter((field) => !field.readsItsParentOnly).map((field) => field.coordinate)).toEqual([]);
  });

  it('would notice a field with a resolver of its own under an event', async () => {
    const addsViewerDependentField = definePlugin({
      name: 'mine-flag',
      description: 'Adds a field under the activity event that depends on the viewer.',
      register(builder) {
        builder.objectField('ActivityEvent', 'isMine', (t) =>
          t.boolean({ description: 'Whether the viewer caused the event.', resolve: (event, _args, context) => (event as { actorId: string | null }).actorId === context.viewer?.subject }),
        );
      },
    });
    const fields = fieldsUnderSubscriptions(await composedSchema([addsViewerDependentField]));
    expect(fields.filter((field) => !field.readsItsParentOnly).map((field) => field.coordinate)).toEqual(['ActivityEvent.isMine']);
  });
});
