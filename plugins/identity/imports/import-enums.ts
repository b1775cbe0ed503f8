import type { Builder } from '../../../src/plugin-api.ts';
import { CUSTOMER_FIELDS, INTERACTION_FIELDS } from './mapping.ts';

/** The field name a mapping stores (`firstName`) as a GraphQL enum value (`FIRST_NAME`). */
export function fieldEnumValue(field: string): string {
  return field.replace(/([a-z])([A-Z0-9])/g, '$1_$2').toUpperCase();
}

const described = (values: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(values).map(([value, description]) => [value, { description }]));

/** The enums of imports, registered once and shared by their types. */
export function registerImportEnums(builder: Builder) {
  const describedEnum = (name: string, description: string, values: Readonly<Record<string, string>>) => builder.enumType(name, { description, values: described(values) });
  const fieldEnum = (name: string, description: string, fields: Readonly<Record<string, string>>) =>
    builder.enumType(name, { description, values: Object.fromEntries(Object.entries(fields).map(([field, about]) => [fieldEnumValue(field), { description: about, value: field }])) });
  return {
    Kind: describedEnum('ImportKind', 'What a file holds.', { CUSTOMERS: 'People and organizations, with contact points, consents and ids in the source system.', INTERACTIONS: 'Contacts with customers (purchases, calls, visits …).' }),
    Format: describedEnum('ImportFormat', 'How the file is written (UTF-8 in both cases).', { CSV: 'Comma- (or semicolon-, tab-, pipe-) separated values with a header line naming the columns.', NDJSON: 'One JSON object per line; the mapping names its keys (`address.city` reaches into an object).' }),
    Status: describedEnum('ImportStatus', 'Where an import is.', {
        RUNNING: 'Reading its file, batch by batch (or waiting to be resumed after a restart).',
        COMPLETED: 'Every line was read: imported, found unchanged, held for review or refused.',
        FAILED: 'The file could not be imported as a whole (empty, not UTF-8, a mapped column missing …): see `failure`; nothing was written.',
      }),
    ReviewStatus: describedEnum('ImportReviewStatus', 'Whether a held row was decided, and how.', { PENDING: 'Waiting for a decision.', CREATED: 'Imported as a new customer.', MERGED_INTO: 'Imported into an existing customer.', DISMISSED: 'Not imported.' }),
    ReviewDecision: describedEnum('ImportReviewDecision', 'What to do with a row held for review.', { CREATE: 'Import it as a new customer.', MERGE_INTO: 'Import it into the customer given (one of the candidates, or any other of the same kind).', DISMISS: 'Do not import it.' }),
    CustomerField: fieldEnum('CustomerImportField', 'A field of a customer an import fills from a column.', CUSTOMER_FIELDS),
    InteractionField: fieldEnum('InteractionImportField', 'A field of an interaction an import fills from a column.', INTERACTION_FIELDS),
    UncertainMatch: describedEnum('ImportUncertainMatch', 'What an import does with a row that may be an existing customer (a possible, not a likely, match).', {
      HOLD: 'Hold it for a person to decide (importReviewItems).',
      CREATE: 'Import it as a new customer.',
    }),
    FieldPolicy: describedEnum('ImportFieldPolicy', "What an import does with the fields of a customer it matched.", { FILL_BLANKS: 'Fill only the fields the customer does not have yet.', OVERWRITE: "Replace the customer's values with the file's (empty cells change nothing)." }),
    DateOrder: describedEnum('ImportDateOrder', 'How numeric dates such as 03/04/1980 read (ISO dates, 1980-04-03, always read).', { DMY: 'Day, month, year (3 April).', MDY: 'Month, day, year (March 4).' }),
    Delimiter: builder.enumType('CsvDelimiter', {
      description: 'The character separating the columns of a CSV file.',
      values: {
        COMMA: { value: ',', description: 'Columns separated by "," (the default).' },
        SEMICOLON: { value: ';', description: 'Columns separated by ";", as spreadsheets in most of Europe write CSV.' },
        TAB: { value: '\t', description: 'Columns separated by tab characters (TSV).' },
        PIPE: { value: '|', description: 'Columns separated by "|".' },
      },
    }),
  };
}

export type ImportEnums = ReturnType<typeof registerImportEnums>;
