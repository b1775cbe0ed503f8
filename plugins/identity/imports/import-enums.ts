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
  return {
    Kind: builder.enumType('ImportKind', {
      description: 'What a file holds.',
      values: described({ CUSTOMERS: 'People and organizations, with contact points, consents and ids in the source system.', INTERACTIONS: 'Contacts with customers (purchases, calls, visits …).' }),
    }),
    Format: builder.enumType('ImportFormat', {
      description: 'How the file is written (UTF-8 in both cases).',
      values: described({ CSV: 'Comma- (or semicolon-, tab-, pipe-) separated values with a header line naming the columns.', NDJSON: 'One JSON object per line; the mapping names its keys (`address.city` reaches into an object).' }),
    }),
    Status: builder.enumType('ImportStatus', {
      description: 'Where an import is.',
      values: described({
        RUNNING: 'Reading its file, batch by batch (or waiting to be resumed after a restart).',
        COMPLETED: 'Every line was read: imported, found unchanged, held for review or refused.',
        FAILED: 'The file could not be imported as a whole (empty, not UTF-8, a mapped column missing …): see `failure`; nothing was written.',
      }),
    }),
    ReviewStatus: builder.enumType('ImportReviewStatus', {
      description: 'Whether a held row was decided, and how.',
      values: described({ PENDING: 'Waiting for a decision.', CREATED: 'Imported as a new customer.', MERGED_INTO: 'Imported into an existing customer.', DISMISSED: 'Not imported.' }),
    }),
    ReviewDecision: builder.enumType('ImportReviewDecision', {
      description: 'What to do with a row held for review.',
      values: described({ CREATE: 'Import it as a new customer.', MERGE_INTO: 'Import it into the customer given (one of the candidates, or any other of the same kind).', DISMISS: 'Do not import it.' }),
    }),
    CustomerField: builder.enumType('CustomerImportField', {
      description: 'A field of a customer an import fills from a column.',
      values: Object.fromEntries(Object.entries(CUSTOMER_FIELDS).map(([field, description]) => [fieldEnumValue(field), { description, value: field }])),
    }),
    InteractionField: builder.enumType('InteractionImportField', {
      description: 'A field of an interaction an import fills from a column.',
      values: Object.fromEntries(Object.entries(INTERACTION_FIELDS).map(([field, description]) => [fieldEnumValue(field), { description, value: field }])),
    }),
    UncertainMatch: builder.enumType('ImportUncertainMatch', {
      description: 'What an import does with a row that may be an existing customer (a possible, not a likely, match).',
      values: described({ HOLD: 'Hold it for a person to decide (importReviewItems).', CREATE: 'Import it as a new customer.' }),
    }),
    FieldPolicy: builder.enumType('ImportFieldPolicy', {
      description: "What an import does with the fields of a customer it matched.",
      values: described({ FILL_BLANKS: 'Fill only the fields the customer does not have yet.', OVERWRITE: "Replace the customer's values with the file's (empty cells change nothing)." }),
    }),
    DateOrder: builder.enumType('ImportDateOrder', {
      description: 'How numeric dates such as 03/04/1980 read (ISO dates, 1980-04-03, always read).',
      values: described({ DMY: 'Day, month, year (3 April).', MDY: 'Month, day, year (March 4).' }),
    }),
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
