import { INTERACTION_CHANNELS, INTERACTION_DIRECTIONS, INTERACTION_KINDS, type ImportedInteraction } from '../../../interactions/plugin.ts';
import { emailSchema } from '../../../profile/plugin.ts';
import type { ImportOptions } from '../import-options.ts';
import type { RowReading } from './customer-row.ts';
import { decimalText } from './values.ts';

/** How an interaction of a file finds its customer. */
export type CustomerKey = { ref: { source: string; externalId: string } } | { email: string };

export interface InteractionRow {
  customer: CustomerKey;
  input: ImportedInteraction['input'];
}

/**
 * One mapped row of an interactions file: the customer it belongs to (by id in the source
 * system, or by e-mail), enums read whatever their case and spacing, the time as ISO 8601 (a date
 * alone is midnight UTC), amounts in either decimal convention. The interactions area checks the
 * rest with its own rules when it records them.
 */
export function readInteractionRow(values: Readonly<Record<string, string | null>>, options: ImportOptions): RowReading<InteractionRow> {
  const problems: string[] = [];
  const value = (field: string) => values[field] ?? null;
  for (const [field, text] of Object.entries(values)) if (text?.includes('\u0000')) problems.push(`${field} contains a NUL character`);

  let customer: CustomerKey | null = null;
  const customerId = value('customerExternalId');
  const customerEmail = value('customerEmail');
  if (customerId !== null) customer = { ref: { source: options.customerSource ?? options.source, externalId: customerId } };
  else if (customerEmail !== null) {
    const email = emailSchema.safeParse(customerEmail);
    if (email.success) customer = { email: email.data };
    else problems.push(`customerEmail "${customerEmail}" is not a valid e-mail address`);
  } else problems.push('names no customer (customerExternalId or customerEmail is empty)');

  const enumValue = (field: string, allowed: readonly string[], fallback: string | null) => {
    const text = value(field);
    if (text === null) {
      if (fallback === null) problems.push(`${field} is empty`);
      return fallback ?? '';
    }
    const name = text.trim().toUpperCase().replace(/[\s-]+/g, '_');
    if (!allowed.includes(name)) problems.push(`${field} "${text}" is not one of ${allowed.join(', ')}`);
    return name;
  };
  const channel = enumValue('channel', INTERACTION_CHANNELS, null);
  const direction = enumValue('direction', INTERACTION_DIRECTIONS, 'INBOUND');
  const kind = enumValue('kind', INTERACTION_KINDS, null);

  const occurredText = value('occurredAt');
  const occurredAt = occurredText === null ? null : /^\d{4}-\d{2}-\d{2}$/.test(occurredText) ? `${occurredText}T00:00:00Z` : occurredText;
  if (occurredAt === null) problems.push('occurredAt is empty');

  const externalId = value('externalId');
  if (externalId === null) problems.push('externalId is empty');

  const amountText = value('amount');
  const amount = amountText === null ? null : decimalText(amountText);
  if (amountText !== null && amount === null) problems.push(`amount "${amountText}" is not a decimal number`);

  const scoreText = value('surveyScore');
  const surveyScore = scoreText === null ? null : Number(scoreText);
  if (scoreText !== null && !Number.isInteger(surveyScore)) problems.push(`surveyScore "${scoreText}" is not a whole number`);

  if (problems.length > 0 || !customer) return { ok: false, problems };
  return {
    ok: true,
    value: {
      customer,
      input: {
        channel: channel as ImportedInteraction['input']['channel'],
        direction: direction as ImportedInteraction['input']['direction'],
        kind: kind as ImportedInteraction['input']['kind'],
        occurredAt: occurredAt!,
        summary: value('summary'),
        agentId: value('agentId'),
        amount,
        currency: value('currency')?.toUpperCase() ?? null,
        surveyScore,
        source: options.source,
        externalId: externalId!,
      },
    },
  };
}
