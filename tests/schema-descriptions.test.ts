import { buildSchema as schemaFromSdl } from 'graphql';
import { describe, expect, it } from 'vitest';
import { discoverPlugins } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { buildSchema } from '../src/schema/build.ts';
import { undocumentedCoordinates } from './support/undocumented-coordinates.ts';

describe('the GraphQL contract explains itself', () => {
  it('describes every type, field, argument, input field and enum value of every plugin', async () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    const plugins = await discoverPlugins({ pluginsDir: config.pluginsDir, enabledPlugins: undefined });
    const schema = buildSchema(plugins, { maxPageSize: config.limits.maxPageSize });
    // Add a description where the coordinate is defined (plugins/*/ or src/schema/), saying what it
    // means for a CRM user: units, time zone, what null means, limits.
    expect(undocumentedCoordinates(schema)).toEqual([]);
  });

  it('would catch a missing or empty description anywhere, and one that only repeats the name', () => {
    const schema = schemaFromSdl(`
      """A described root."""
      type Query {
        """The customer asked for."""
        customer(
          "Global id of a Person or Organization."
          id: ID!
          kind: Kind
        ): Customer
      }
      type Customer {
        """Display name."""
        displayName: String!
        email: String
      }
      """Filter."""
      input Filter {
        """  """
        search: String
      }
      """Kinds of customer."""
      enum Kind {
        """An individual."""
        PERSON
        ORGANIZATION
      }
      scalar Money
    `);
    expect(undocumentedCoordinates(schema)).toEqual([
      'Customer',
      'Customer.displayName',
      'Customer.email',
      'Filter',
      'Filter.search',
      'Kind.ORGANIZATION',
      'Money',
      'Query.customer(kind:)',
    ]);
  });

  it('leaves graphql-js’ own introspection types and built-in scalars alone', () => {
    const schema = schemaFromSdl(`
      """Every read."""
      type Query {
        """How many there are."""
        count(
          """Only those matching this text."""
          search: String
        ): Int
      }
    `);
    expect(undocumentedCoordinates(schema)).toEqual([]);
  });
});
