import type { Builder } from '../../../src/plugin-api.ts';
import { loadCustomer, MERGEABLE_FIELDS, type MergeableField } from '../../profile/plugin.ts';
import { CustomerMergeStatus } from '../store/enums.ts';
import type { MovedCount } from '../store/merge-records.ts';

const FIELD_DESCRIPTIONS: Record<MergeableField, string> = {
  displayName: "The name shown everywhere (a person's otherwise follows the first and last name the survivor ends with).",
  firstName: "A person's given name.",
  lastName: "A person's family name(s).",
  birthDate: "A person's date of birth.",
  legalName: "An organization's registered legal name.",
  taxId: "An organization's tax identification number.",
  industry: "An organization's line of business.",
  size: "An organization's head-count band.",
  ownerId: 'The user who owns the account (its owner id).',
  language: 'The language to address the customer in (a BCP 47 tag).',
  country: 'Where the customer lives or is registered (ISO 3166-1 alpha-2).',
  region: 'Province, state or region, as entered.',
  city: 'Town or city, as entered.',
  lifecycle: 'Active, inactive or lost, with the date it last changed.',
  traits: 'The free facts, all of one customer (without a choice, every key is kept, the survivor winning a clash).',
};

/** `SCREAMING_CASE` of a field name, as GraphQL enum values are written. */
function enumValueOf(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
}

export interface FieldSource {
  field: MergeableField;
  customerId: string;
}

/** The enums and small types the merge operations share. */
export function registerMergeTypes(builder: Builder) {
  const MergeField = builder.enumType('MergeField', {
    description: 'A profile field whose value a merge settles: the survivor keeps its own unless a field choice names another customer of the merge (a blank is filled from the first merged record that has a value).',
    values: Object.fromEntries(
      (Object.keys(MERGEABLE_FIELDS) as MergeableField[]).map((field) => [enumValueOf(field), { value: field, description: FIELD_DESCRIPTIONS[field] }]),
    ) as Record<string, { value: MergeableField; description: string }>,
  });

  const MergeStatus = builder.enumType(CustomerMergeStatus, {
    name: 'CustomerMergeStatus',
    description: 'Whether a merge is in force or was undone.',
    values: {
      MERGED: { description: 'In force: the merged records are aliases of the survivor.' },
      UNMERGED: { description: 'Undone: the merged records are customers again.' },
    },
  });

  const MergeMoveCount = builder.objectRef<MovedCount>('MergeMoveCount').implement({
    description: 'A kind of row a merge moves (or settles), counted.',
    fields: (t) => ({
      area: t.exposeString('participant', { description: 'The area that keeps those rows (`core` for the timeline events).' }),
      rows: t.exposeString('rows', { description: 'Stable name of the kind of row, `area.rows` (e.g. "interactions.interactions").' }),
      label: t.exposeString('label', { description: 'What a person reads, e.g. "interactions".' }),
      count: t.exposeInt('count', { description: 'How many rows (would) change.' }),
    }),
  });

  const MergeFieldSource = builder.objectRef<FieldSource>('MergeFieldSource').implement({
    description: 'Which customer of a merge a field of the survivor takes its value from.',
    fields: (t) => ({
      field: t.field({ type: MergeField, description: 'The profile field settled.', resolve: (source) => source.field }),
      customer: t.field({
        type: 'Customer',
        description: 'The customer whose value it is (the survivor, or one of the merged records).',
        resolve: async (source, _args, context) => (await loadCustomer(context, source.customerId))!,
      }),
    }),
  });

  const MergeFieldChoiceInput = builder.inputType('MergeFieldChoiceInput', {
    description: 'Take this field from this customer of the merge.',
    fields: (t) => ({
      field: t.field({ type: MergeField, required: true, description: 'The profile field to settle.' }),
      customerId: t.id({ required: true, description: 'The survivor or one of the customers merged (global id).' }),
    }),
  });

  return { MergeField, MergeStatus, MergeMoveCount, MergeFieldSource, MergeFieldChoiceInput };
}

export type MergeTypes = ReturnType<typeof registerMergeTypes>;
