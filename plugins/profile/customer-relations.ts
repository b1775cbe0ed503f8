import type { GraphQLResolveInfo } from 'graphql';
import type { Context, ReadAlongPart } from '../../src/plugin-api.ts';
import { valueReadAlong } from '../../src/plugin-api.ts';
import { relationLoader } from './store/profile-relations.ts';

/**
 * A relation's value as the customer's statement read it along, or, when the customer came
 * another way (a mutation's payload, another area's row), loaded with every other customer the
 * request shows.
 */
export function readAlongOrLoad<Value>(customer: { id: string }, args: Record<string, unknown>, context: Context, info: GraphQLResolveInfo, name: string, part: ReadAlongPart<Value>): Value | Promise<Value> {
  const along = valueReadAlong<Value>(customer, info);
  return along ? along.value : relationLoader(context, name, part, args).load(customer.id);
}
