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
  builder.addScalarType('File', UploadedFile);
}

/**
 * A file part of a multipart request (the GraphQL multipart request specification), which yoga
 * parses into a web File and puts where the request's `map` says. Input only, and only as a
 * variable: a document cannot carry a file inline.
 */
const UploadedFile = new GraphQLScalarType<File, never>({
  name: 'File',
  description:
    'A file sent as a part of a multipart request (GraphQL multipart request specification: an `operations` part with `null` where the file goes, a `map` part, then the file part). Input only, given as a variable.',
  serialize: () => {
    throw new GraphQLError('File is an input type only');
  },
  parseValue: (value) => {
    if (isFile(value)) return value;
    throw new GraphQLError('File must be sent as a file part of a multipart request (see the GraphQL multipart request specification)');
  },
  parseLiteral: () => {
    throw new GraphQLError('File must be sent as a variable, in a multipart request');
  },
});

/** A web File, as yoga's multipart parser makes it (the platform's or its fetch ponyfill's class). */
function isFile(value: unknown): value is File {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<File>;
  return typeof candidate.name === 'string' && typeof candidate.size === 'number' && typeof candidate.stream === 'function';
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
