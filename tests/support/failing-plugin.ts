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
  },
});
