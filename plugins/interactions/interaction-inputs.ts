import type { FieldError } from '../../src/plugin-api.ts';
import type { InteractionChannel, InteractionDirection, InteractionKind } from './store/enums.ts';
import { parseDateTime } from '../../src/plugin-api.ts';
import { decodeCustomerId, type CustomerReference } from '../profile/plugin.ts';

/** The rules every recorded interaction is checked against before anything is written. */

export const MAX_FUTURE_MS = 5 * 60_000;
export const MAX_SUMMARY = 2_000;
export const MAX_METADATA_BYTES = 16_384;
export const MAX_PRODUCT_LINES = 200;
/** The most inputs one `recordInteractions` call takes. */
export const MAX_BATCH = 1_000;

/** One interaction as the GraphQL input delivers it (enums already parsed; the time as text, or a Date from another area). */
export interface InteractionInput {
  customerId?: string | number | null;
  customerRef?: { source: string; externalId: string } | null;
  channel: InteractionChannel;
  direction: InteractionDirection;
  kind: InteractionKind;
  occurredAt: Date | string;
  summary?: string | null;
  agentId?: string | null;
  metadata?: Record<string, unknown> | null;
  amount?: string | null;
  currency?: string | null;
  productLines?: readonly { sku: string; name: string; quantity: number; unitPrice: string }[] | null;
  surveyScore?: number | null;
  source: string;
  externalId: string;
}

export interface ProductLine {
  sku: string;
  name: string;
  quantity: number;
  /** Decimal as text, e.g. "12.50". */
  unitPrice: string;
}

/** An input that passed every rule, normalized for storage. */
export interface ValidInteraction {
  customer: CustomerReference;
  channel: InteractionChannel;
  direction: InteractionDirection;
  kind: InteractionKind;
  occurredAt: Date;
  summary: string | null;
  agentId: string | null;
  metadata: Record<string, unknown>;
  /** Decimal as text with two decimals, e.g. "49.90". */
  amount: string | null;
  currency: string | null;
  productLines: ProductLine[] | null;
  surveyScore: number | null;
  source: string;
  externalId: string;
}

export type Checked = { ok: true; value: ValidInteraction } | { ok: false; errors: FieldError[] };

const SOURCE = /^[a-z0-9][a-z0-9_.-]*$/;
const SOURCE_RULE = 'must be lower-case letters, digits, "_", "." or "-"';
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const EARLIEST = Date.UTC(1900, 0, 1);

/**
 * Checks one input and reports every problem at once, each at its path under `at`
 * (`["input", "amount"]`, or `["inputs", "17", "amount"]` in a batch). `now` is the server's clock.
 */
export function checkInteraction(input: InteractionInput, at: readonly string[], now: Date): Checked {
  const errors: FieldError[] = [];
  const fail = (path: (string | number)[], message: string) => errors.push({ path: [...at, ...path.map(String)], message });

  const customer = customerReference(input, fail);

  const occurredAt = typeof input.occurredAt === 'string' ? parseDateTime(input.occurredAt) : input.occurredAt;
  if (!occurredAt) fail(['occurredAt'], 'must be an ISO 8601 date-time with offset on a day that exists, e.g. "2026-10-01T09:30:00Z"');
  else if (occurredAt.getTime() > now.getTime() + MAX_FUTURE_MS) fail(['occurredAt'], 'must not be more than 5 minutes in the future');
  else if (occurredAt.getTime() < EARLIEST) fail(['occurredAt'], 'must be after 1900');

  const summary = optionalText(input.summary, MAX_SUMMARY, ['summary'], fail);
  const agentId = optionalText(input.agentId, 100, ['agentId'], fail);
  const source = requiredText(input.source, 50, ['source'], fail);
  if (source && !SOURCE.test(source)) fail(['source'], SOURCE_RULE);
  const externalId = requiredText(input.externalId, 200, ['externalId'], fail);

  const metadata = input.metadata ?? {};
  const metadataJson = JSON.stringify(metadata);
  if (Buffer.byteLength(metadataJson) > MAX_METADATA_BYTES) fail(['metadata'], 'must be at most 16 KB of JSON');
  // PostgreSQL's jsonb refuses NUL characters and unpaired surrogates, which JSON.stringify escapes.
  else if (/\\u(0000|d[89a-f][0-9a-f]{2})/i.test(metadataJson)) fail(['metadata'], 'must not contain NUL characters or invalid Unicode');

  const amountCents = input.amount == null ? null : money(input.amount, 2, ['amount'], fail);
  const currency = input.currency == null ? null : input.currency.trim();
  if (currency !== null && !(/^[A-Z]{3}$/.test(currency) && CURRENCIES.has(currency))) {
    fail(['currency'], 'must be an ISO 4217 currency code in capitals, e.g. "EUR"');
  }
  if (input.amount != null && input.currency == null) fail(['currency'], 'is required with an amount');
  if (input.currency != null && input.amount == null) fail(['amount'], 'is required with a currency');
  if (input.amount != null && input.kind !== 'PURCHASE') fail(['amount'], 'only applies to a PURCHASE');
  if (input.currency != null && input.kind !== 'PURCHASE') fail(['currency'], 'only applies to a PURCHASE');

  const productLines = input.productLines == null || input.productLines.length === 0 ? null : lines(input.productLines, fail);
  if (productLines && amountCents !== null && productLines.every(Boolean)) {
    // Quantities may be fractional (weights), so the lines are summed in ten-thousandths of a unit.
    const total = productLines.reduce((sum, line) => sum + line!.quantity * line!.unitPrice4, 0);
    if (Math.abs(total - amountCents * 100) > 100 + 1e-6) {
      fail(['productLines'], `add up to ${(total / 10_000).toFixed(2)}, which differs from the amount ${(amountCents / 100).toFixed(2)} by more than a cent`);
    }
  }

  if (input.surveyScore != null) {
    if (input.kind !== 'SURVEY_RESPONSE') fail(['surveyScore'], 'only applies to a SURVEY_RESPONSE');
    else if (!Number.isInteger(input.surveyScore) || input.surveyScore < 0 || input.surveyScore > 10) fail(['surveyScore'], 'must be between 0 and 10');
  }

  if (errors.length > 0 || !customer || !occurredAt) return { ok: false, errors };
  return {
    ok: true,
    value: {
      customer,
      channel: input.channel,
      direction: input.direction,
      kind: input.kind,
      occurredAt,
      summary,
      agentId,
      metadata,
      amount: amountCents === null ? null : (amountCents / 100).toFixed(2),
      currency,
      productLines: productLines?.map((line) => ({ sku: line!.sku, name: line!.name, quantity: line!.quantity, unitPrice: line!.unitPrice })) ?? null,
      surveyScore: input.surveyScore ?? null,
      source: source!,
      externalId: externalId!,
    },
  };
}

type Fail = (path: (string | number)[], message: string) => void;

function customerReference(input: InteractionInput, fail: Fail): CustomerReference | null {
  const hasId = input.customerId != null;
  const hasRef = input.customerRef != null;
  if (hasId && hasRef) {
    fail(['customerRef'], 'give either customerId or customerRef, not both');
    return null;
  }
  if (!hasId && !hasRef) {
    fail(['customerId'], 'is required (or customerRef)');
    return null;
  }
  if (hasId) {
    const id = String(input.customerId);
    if (!decodeCustomerId(id)) {
      fail(['customerId'], 'is not a customer id');
      return null;
    }
    return { id };
  }
  const source = requiredText(input.customerRef!.source, 50, ['customerRef', 'source'], fail);
  if (source && !SOURCE.test(source)) fail(['customerRef', 'source'], SOURCE_RULE);
  const externalId = requiredText(input.customerRef!.externalId, 200, ['customerRef', 'externalId'], fail);
  return source && externalId && SOURCE.test(source) ? { source, externalId } : null;
}

function lines(input: NonNullable<InteractionInput['productLines']>, fail: Fail) {
  if (input.length > MAX_PRODUCT_LINES) {
    fail(['productLines'], `must have at most ${MAX_PRODUCT_LINES} lines`);
    return null;
  }
  return input.map((line, index) => {
    const at = (field: string) => ['productLines', index, field];
    const sku = requiredText(line.sku, 100, at('sku'), fail);
    const name = requiredText(line.name, 200, at('name'), fail);
    const quantityOk = Number.isFinite(line.quantity) && line.quantity > 0 && line.quantity <= 1_000_000;
    if (!quantityOk) fail(at('quantity'), 'must be greater than 0 (and at most 1,000,000)');
    const unitPrice4 = money(line.unitPrice, 4, at('unitPrice'), fail);
    if (sku === null || name === null || !quantityOk || unitPrice4 === null) return null;
    // Cents unless the price needs its third or fourth decimal (prices per gram, per unit of a pack).
    const unitPrice = (unitPrice4 / 10_000).toFixed(unitPrice4 % 100 === 0 ? 2 : 4);
    return { sku, name, quantity: line.quantity, unitPrice, unitPrice4 };
  });
}

/**
 * A non-negative decimal with at most `decimals` decimals, as an integer count of its smallest unit
 * (cents for 2 decimals); null when invalid. Amounts fit numeric(14,2): twelve integer digits; unit
 * prices ten, so that ten-thousandths stay exact in a JavaScript number.
 */
function money(raw: string, decimals: 2 | 4, path: (string | number)[], fail: Fail): number | null {
  const maxWholeDigits = decimals === 2 ? 12 : 10;
  const text = raw.trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) {
    fail(path, 'must be a decimal number such as "49.90"');
    return null;
  }
  const [, sign, whole, fraction = ''] = match;
  if (sign) {
    fail(path, 'must not be negative');
    return null;
  }
  if (fraction.length > decimals) {
    fail(path, `must have at most ${decimals} decimals`);
    return null;
  }
  if (whole!.replace(/^0+(?=\d)/, '').length > maxWholeDigits) {
    fail(path, `must be less than ${(10 ** maxWholeDigits).toLocaleString('en-US')}`);
    return null;
  }
  return Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, '0'));
}

function requiredText(raw: string, max: number, path: (string | number)[], fail: Fail): string | null {
  const text = raw.trim();
  if (text.length === 0) {
    fail(path, 'must not be empty');
    return null;
  }
  return checkedText(text, max, path, fail);
}

function optionalText(raw: string | null | undefined, max: number, path: (string | number)[], fail: Fail): string | null {
  const text = raw?.trim();
  return text ? checkedText(text, max, path, fail) : null;
}

function checkedText(text: string, max: number, path: (string | number)[], fail: Fail): string | null {
  if (text.length > max) fail(path, `must be at most ${max.toLocaleString('en-US')} characters`);
  else if (text.includes('\u0000') || !text.isWellFormed()) fail(path, 'must not contain NUL characters or invalid Unicode');
  else return text;
  return null;
}
