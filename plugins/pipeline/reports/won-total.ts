import type { Builder } from '../../../src/plugin-api.ts';
import type { WonTotal } from '../store/sales-performance.ts';

/** `WonTotal`: the won deals of a sales performance row in one currency. */
export function registerWonTotal(builder: Builder) {
  return builder.objectRef<WonTotal>('WonTotal').implement({
    description: 'Won deals in one currency.',
    fields: (t) => ({
      currency: t.exposeString('currency', { description: 'ISO 4217 code of the amounts.' }),
      count: t.exposeInt('count', { description: 'Won deals in this currency.' }),
      amount: t.exposeString('amount', { description: 'Sum of the won amounts.' }),
      averageAmount: t.exposeString('averageAmount', { description: 'Average deal size, rounded to the cent.' }),
    }),
  });
}
