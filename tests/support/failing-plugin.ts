import { definePlugin } from '../../src/plugin-api.ts';

/** A field that fails the way a bug would (its message names an internal address), to watch how errors are masked. */
export const failingPlugin = definePlugin({
  name: 'failing',
  description: 'test fixture',
  register(builder) {
    builder.queryField('failingField', (t) =>
      t.string({
        nullable: true,
        resolve: () => {
          throw new Error('secret detail: connection to 10.0.0.5 refused');
        },
      }),
    );
    // One event, shared by every subscriber, whose result fails the same way.
    const tick = { at: 'now' };
    builder.subscriptionField('failingTicks', (t) =>
      t.string({
        nullable: true,
        subscribe: async function* () {
          yield tick;
        },
        resolve: () => {
          throw new Error('secret detail: connection to 10.0.0.5 refused');
        },
      }),
    );
  },
});
