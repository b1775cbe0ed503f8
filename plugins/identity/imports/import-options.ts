import { z } from 'zod';
import { CSV_DELIMITERS } from './read/csv-fields.ts';
import { countryCode } from './normalize/values.ts';

/** How an import reads its file and what it does with a row, as stored with the job. */
export interface ImportOptions {
  /** Where the data comes from: the source of the external references it writes (`crm-2019`). */
  source: string;
  /** Country for phone numbers written without their international prefix, and for addresses without a country. */
  defaultCountry: string | null;
  /** Kind of customer of a row without a `kind` column. */
  kind: 'PERSON' | 'ORGANIZATION';
  /** A row that may be an existing customer (possible, not likely): held for review, or created. */
  onUncertainMatch: 'HOLD' | 'CREATE';
  /** A matched customer's fields: only blanks filled, or overwritten by the file. */
  fieldPolicy: 'FILL_BLANKS' | 'OVERWRITE';
  delimiter: (typeof CSV_DELIMITERS)[number];
  /** How numeric dates read: 03/04/1980 is 3 April (DMY) or March 4 (MDY). */
  dateOrder: 'DMY' | 'MDY';
  /** Interactions: the system whose ids the customerExternalId column holds (default: `source`). */
  customerSource: string | null;
  /** Owner of the customers created. */
  ownerId: string | null;
}

const SOURCE = /^[a-z0-9][a-z0-9_.-]*$/;
const sourceName = z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters').regex(SOURCE, 'must be lower-case letters, digits, "_", "." or "-"');

/** The options as a client or the CLI gives them, with their defaults. */
export const importOptionsSchema = z.object({
  source: sourceName,
  defaultCountry: z
    .string()
    .nullish()
    .transform((value, context) => {
      if (value == null || value.trim() === '') return null;
      const code = countryCode(value);
      if (!code) context.addIssue({ code: 'custom', message: 'must be a country: an ISO 3166-1 alpha-2 code such as "ES"' });
      return code;
    }),
  kind: z.enum(['PERSON', 'ORGANIZATION']).nullish().transform((value) => value ?? 'PERSON'),
  onUncertainMatch: z.enum(['HOLD', 'CREATE']).nullish().transform((value) => value ?? 'HOLD'),
  fieldPolicy: z.enum(['FILL_BLANKS', 'OVERWRITE']).nullish().transform((value) => value ?? 'FILL_BLANKS'),
  delimiter: z.enum(CSV_DELIMITERS).nullish().transform((value) => value ?? ','),
  dateOrder: z.enum(['DMY', 'MDY']).nullish().transform((value) => value ?? 'DMY'),
  customerSource: sourceName.nullish().transform((value) => value ?? null),
  ownerId: z.string().trim().max(100).nullish().transform((value) => value || null),
}) satisfies z.ZodType<ImportOptions, unknown>;
