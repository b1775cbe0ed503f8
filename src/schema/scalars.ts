import { CountryCodeResolver, DateResolver, JSONObjectResolver } from 'graphql-scalars';
import type { Builder } from '../builder.ts';
import { DateTime } from './date-time.ts';

export type JsonObject = { [key: string]: unknown };

export function registerScalars(builder: Builder): void {
  builder.addScalarType('DateTime', DateTime);
  builder.addScalarType('Date', DateResolver);
  builder.addScalarType('JSONObject', JSONObjectResolver);
  builder.addScalarType('CountryCode', CountryCodeResolver);
}
