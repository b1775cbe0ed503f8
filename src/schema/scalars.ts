import { GraphQLError, GraphQLScalarType } from 'graphql';
import { CountryCodeResolver, DateResolver, JSONObjectResolver } from 'graphql-scalars';
import type { Builder } from '../builder.ts';
import { DateTime } from './date-time.ts';
import { jsonProblem, MAX_JSON_DEPTH, MAX_JSON_VALUES } from './json-bounds.ts';

export type JsonObject = { [key: string]: unknown };

export function registerScalars(builder: Builder): void {
  builder.addScalarType('DateTime', DateTime);
  builder.addScalarType('Date', DateResolver);
  builder.addScalarType('JSONObject', BoundedJSONObject);
  builder.addScalarType('CountryCode', CountryCodeResolver);
}

/**
 * graphql-scalars' JSONObject, refusing what PostgreSQL's jsonb cannot store or what is too large
 * to accept, inline and as a variable alike; a variable is checked before graphql-scalars walks it.
 */
const BoundedJSONObject = new GraphQLScalarType({
  ...JSONObjectResolver.toConfig(),
  description: `${JSONObjectResolver.description} At most ${MAX_JSON_DEPTH} levels deep and ${MAX_JSON_VALUES.toLocaleString('en-US')} values; no NUL characters or lone UTF-16 surrogates in keys or strings.`,
  parseValue: (value) => JSONObjectResolver.parseValue(bounded(value)),
  parseLiteral: (ast, variables) => bounded(JSONObjectResolver.parseLiteral(ast, variables)),
});

function bounded<Value>(value: Value): Value {
  const problem = jsonProblem(value);
  if (problem) throw new GraphQLError(`JSONObject ${problem}`);
  return value;
}
