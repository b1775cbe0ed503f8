import { brandWithType } from '@pothos/core';
import type { Builder, NotFoundError, ValidationError } from '../../src/plugin-api.ts';
import type { Failed, ItemResult, Recorded } from './record-interactions.ts';

/** What `recordInteraction` answers, and what `recordInteractions` answers for each input and in all. */
export function registerRecordInteractionResults(builder: Builder) {
  const RecordInteractionPayload = builder.objectRef<Recorded>('RecordInteractionPayload').implement({
    description: 'The interaction stored, now or before.',
    fields: (t) => ({
      interaction: t.field({ type: 'Interaction', description: 'The interaction as stored (the earlier one for a duplicate).', resolve: (result) => result.interaction }),
      duplicate: t.exposeBoolean('duplicate', { description: 'True when it was already stored: nothing was written this time.' }),
    }),
  });

  const ItemResultRef = builder.interfaceRef<ItemResult>('RecordInteractionItemResult').implement({
    description: 'What became of one input of `recordInteractions`.',
    resolveType: (result) => ('error' in result ? 'FailedInteraction' : 'RecordedInteraction'),
    fields: (t) => ({ index: t.exposeInt('index', { description: 'Position of the input in `inputs`, from 0.' }) }),
  });

  builder.objectRef<Recorded>('RecordedInteraction').implement({
    interfaces: [ItemResultRef],
    description: 'An input that is stored: now, or already before (`duplicate`).',
    fields: (t) => ({
      interaction: t.field({ type: 'Interaction', description: 'The interaction as stored (the earlier one for a duplicate).', resolve: (result) => result.interaction }),
      duplicate: t.exposeBoolean('duplicate', { description: 'True when it was already stored (earlier, or by an earlier input of this batch).' }),
    }),
  });

  builder.objectRef<Failed>('FailedInteraction').implement({
    interfaces: [ItemResultRef],
    description: 'An input that was refused; nothing was written for it.',
    fields: (t) => ({
      error: t.field({
        type: 'Error',
        description: 'A ValidationError (with field paths) or a NotFoundError (unknown customer).',
        resolve: (result) => asErrorValue(result.error),
      }),
    }),
  });

  const RecordInteractionsPayload = builder.objectRef<ItemResult[]>('RecordInteractionsPayload').implement({
    description: 'What became of each input of a batch, and the counts.',
    fields: (t) => ({
      results: t.field({ type: [ItemResultRef], description: 'One per input, in input order.', resolve: (results) => results }),
      stored: t.int({ description: 'Inputs stored by this call.', resolve: (results) => results.filter((result) => 'duplicate' in result && !result.duplicate).length }),
      duplicates: t.int({ description: 'Inputs that were already stored.', resolve: (results) => results.filter((result) => 'duplicate' in result && result.duplicate).length }),
      failed: t.int({ description: 'Inputs refused.', resolve: (results) => results.filter((result) => 'error' in result).length }),
    }),
  });

  return { RecordInteractionPayload, RecordInteractionsPayload };
}

/**
 * graphql-js treats an Error instance returned by a resolver as that field failing, so a refused
 * item's error is answered as a plain copy, branded with its GraphQL type.
 */
function asErrorValue(error: ValidationError | NotFoundError): object {
  const value = { ...error, message: error.message };
  brandWithType(value, error.constructor as never);
  return value;
}
