import { CountryCodeResolver, DateResolver, DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import type { Builder } from '../builder.ts';

export type JsonObject = { [key: string]: unknown };

export function registerScalars(builder: Builder): void {
  builder.addScalarType('DateTime', DateTimeResolver);
  builder.addScalarType('Date', DateResolver);
  builder.addScalarType('JSONObject', JSONObjectResolver);
  builder.addScalarType('CountryCode', CountryCodeResolver);
}
