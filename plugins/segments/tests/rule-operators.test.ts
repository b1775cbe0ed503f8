import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { CREATE_SEGMENT, customerGlobalIdOf, globalIdOf, tenantRows } from './support.ts';
import { byUuid, customersWhere, daysBefore, fact, previewOf, type Rule } from './support-rules.ts';

// Every operator of the rule language on every fact type it applies to, each checked against an
// independent computation on the seeded demo: SQL written here over the areas' own tables, or
// plain TypeScript over the customer rows. A preview's count and first page (by id) must equal it.

const seededAt = new Date(inject('demoSeededAt'));
const ago = (days: number) => daysBefore(seededAt, days);
const NOW = '$1::timestamp(3)';

interface CustomerRow {
  id: string;
  kind: string;
  birthDate: string | null;
  traits: Record<string, unknown>;
}

interface OperatorCase {
  rule: Rule;
  /** The customers it selects, as a SQL predicate over the live customer `c` (`$1` is now). */
  where?: string;
  /** Or as a predicate over the customer's row, computed here. */
  matches?: (customer: CustomerRow) => boolean;
  /** Cases that select everyone or no one say so; the others must select some but not all. */
  selects?: 'everyone' | 'no one';
}

// Independent readings of the facts, in the plainest SQL: one sub-select per condition.
const interactions = (where: string) => `(SELECT count(*) FROM "Interaction" i WHERE i."tenantId" = 'demo' AND i."customerId" = c.id AND ${where})`;
const lastInteraction = (where: string) =>
  `(SELECT i."occurredAt" FROM "Interaction" i WHERE i."tenantId" = 'demo' AND i."customerId" = c.id AND ${where} ORDER BY i."occurredAt" DESC LIMIT 1)`;
const firstInteraction = (where: string) =>
  `(SELECT i."occurredAt" FROM "Interaction" i WHERE i."tenantId" = 'demo' AND i."customerId" = c.id AND ${where} ORDER BY i."occurredAt" LIMIT 1)`;
const purchases = (currency: string, where = 'true') =>
  `(SELECT coalesce(sum(i.amount), 0) FROM "Interaction" i WHERE i."tenantId" = 'demo' AND i."customerId" = c.id AND i.kind = 'PURCHASE' AND i.currency = '${currency}' AND ${where})`;
const grantedConsent = (channels: string) =>
  `(SELECT max(k."changedAt") FROM "Consent" k WHERE k."tenantId" = 'demo' AND k."customerId" = c.id AND k.status = 'GRANTED' AND k.channel::text IN (${channels}))`;
const OPEN_STAGE = `o.stage NOT IN ('CLOSED_WON', 'CLOSED_LOST')`;
const opportunities = (select: string, where: string) => `(SELECT ${select} FROM "Opportunity" o WHERE o."tenantId" = 'demo' AND o."customerId" = c.id AND ${where})`;
const tickets = (where: string) => `(SELECT count(*) FROM "Ticket" t WHERE t."tenantId" = 'demo' AND t."customerId" = c.id AND ${where})`;
const OPEN_TICKET = `t.status IN ('NEW', 'OPEN', 'PENDING_CUSTOMER', 'ESCALATED', 'REOPENED')`;
const score = (column: string) => `(SELECT s."${column}" FROM "CustomerScore" s WHERE s."tenantId" = 'demo' AND s."customerId" = c.id)`;
const hasActiveEmail = `EXISTS (SELECT 1 FROM "ContactPoint" p WHERE p."tenantId" = 'demo' AND p."customerId" = c.id AND p.kind = 'EMAIL' AND p."isActive")`;

/** Whole years from the birth date to the evaluation's day (UTC), the way people count their age. */
function ageOf(customer: CustomerRow): number | null {
  if (!customer.birthDate) return null;
  const [year, month, day] = customer.birthDate.split('-').map(Number) as [number, number, number];
  const [nowYear, nowMonth, nowDay] = [seededAt.getUTCFullYear(), seededAt.getUTCMonth() + 1, seededAt.getUTCDate()];
  return nowYear - year - (nowMonth < month || (nowMonth === month && nowDay < day) ? 1 : 0);
}
const withAge = (test: (age: number) => boolean) => (customer: CustomerRow) => {
  const age = ageOf(customer);
  return age !== null && test(age);
};

/** The trait at a dotted path: text as it is, numbers as their text; null when absent or JSON null. */
function traitAt(customer: CustomerRow, path: string): unknown {
  let value: unknown = customer.traits;
  for (const key of path.split('.')) value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
  return value ?? null;
}
const traitText = (path: string, test: (text: string) => boolean) => (customer: CustomerRow) => {
  const value = traitAt(customer, path);
  return (typeof value === 'string' || typeof value === 'number') && test(String(value));
};
const traitNumber = (path: string, test: (number: number) => boolean) => (customer: CustomerRow) => {
  const value = traitAt(customer, path);
  return typeof value === 'number' && test(value);
};

const CASES: OperatorCase[] = [
  // profile, over the customer's row
  { rule: fact('profile.kind', 'EQUALS', { text: 'ORGANIZATION' }), where: `c.kind = 'ORGANIZATION'` },
  { rule: fact('profile.kind', 'NOT_IN', { values: ['ORGANIZATION'] }), where: `c.kind <> 'ORGANIZATION'` },
  { rule: fact('profile.lifecycle', 'IN', { values: ['INACTIVE', 'LOST'] }), where: `c.lifecycle IN ('INACTIVE', 'LOST')` },
  { rule: fact('profile.lifecycle', 'NOT_EQUALS', { text: 'ACTIVE' }), where: `c.lifecycle <> 'ACTIVE'` },
  { rule: fact('profile.size', 'EQUALS', { text: 'SMALL' }), where: `c.size = 'SMALL'` },
  { rule: fact('profile.size', 'NOT_EQUALS', { text: 'MICRO' }), where: `c.size IS NOT NULL AND c.size <> 'MICRO'` },
  { rule: fact('profile.size', 'IN', { values: ['MEDIUM', 'LARGE', 'ENTERPRISE'] }), where: `c.size IN ('MEDIUM', 'LARGE', 'ENTERPRISE')` },
  { rule: fact('profile.size', 'NOT_IN', { values: ['MICRO', 'SMALL'] }), where: `c.size IS NOT NULL AND c.size NOT IN ('MICRO', 'SMALL')` },
  { rule: fact('profile.size', 'IS_SET'), where: `c.size IS NOT NULL` },
  { rule: fact('profile.size', 'IS_NOT_SET'), where: `c.size IS NULL` },
  { rule: fact('profile.audiences', 'INCLUDES_ANY', { values: ['KEY_ACCOUNT', 'PRESCRIBER'] }), where: `'KEY_ACCOUNT' = ANY(c.audiences) OR 'PRESCRIBER' = ANY(c.audiences)` },
  { rule: fact('profile.audiences', 'INCLUDES_ALL', { values: ['CUSTOMER', 'EMPLOYEE'] }), where: `'CUSTOMER' = ANY(c.audiences) AND 'EMPLOYEE' = ANY(c.audiences)` },
  {
    rule: fact('profile.audiences', 'INCLUDES_NONE', { values: ['CUSTOMER', 'PROSPECT'] }),
    where: `c.audiences IS NULL OR NOT ('CUSTOMER' = ANY(c.audiences) OR 'PROSPECT' = ANY(c.audiences))`,
  },
  { rule: fact('profile.country', 'EQUALS', { text: 'ES' }), where: `c.country = 'ES'` },
  { rule: fact('profile.country', 'NOT_EQUALS', { text: 'ES' }), where: `c.country IS NOT NULL AND c.country <> 'ES'` },
  { rule: fact('profile.country', 'IN', { values: ['MX', 'AR', 'CO'] }), where: `c.country IN ('MX', 'AR', 'CO')` },
  { rule: fact('profile.country', 'NOT_IN', { values: ['ES'] }), where: `c.country IS NOT NULL AND c.country <> 'ES'` },
  { rule: fact('profile.country', 'CONTAINS', { text: 's' }), where: `strpos(lower(c.country), 's') > 0` },
  { rule: fact('profile.country', 'IS_SET'), where: `c.country IS NOT NULL` },
  { rule: fact('profile.country', 'IS_NOT_SET'), where: `c.country IS NULL` },
  { rule: fact('profile.region', 'CONTAINS', { text: 'madrid' }), where: `strpos(lower(c.region), 'madrid') > 0` },
  { rule: fact('profile.region', 'IS_NOT_SET'), where: `c.region IS NULL` },
  { rule: fact('profile.city', 'EQUALS', { text: 'Málaga' }), where: `c.city = 'Málaga'` },
  { rule: fact('profile.city', 'CONTAINS', { text: 'ILLA' }), where: `strpos(lower(c.city), 'illa') > 0` },
  { rule: fact('profile.industry', 'IN', { values: ['Retail', 'Textiles'] }), where: `c.industry IN ('Retail', 'Textiles')` },
  { rule: fact('profile.industry', 'CONTAINS', { text: '&' }), where: `strpos(c.industry, '&') > 0` },
  // LIKE's wildcards in the operand are literal characters: no industry holds a "%".
  { rule: fact('profile.industry', 'CONTAINS', { text: '%' }), where: `strpos(c.industry, '%') > 0`, selects: 'no one' },
  { rule: fact('profile.owner', 'EQUALS', { text: 'user-ana' }), where: `c."ownerId" = 'user-ana'` },
  { rule: fact('profile.owner', 'CONTAINS', { text: 'LUC' }), where: `strpos(lower(c."ownerId"), 'luc') > 0` },
  { rule: fact('profile.owner', 'NOT_IN', { values: ['user-ana', 'user-marc'] }), where: `c."ownerId" IS NOT NULL AND c."ownerId" NOT IN ('user-ana', 'user-marc')` },
  { rule: fact('profile.owner', 'IS_NOT_SET'), where: `c."ownerId" IS NULL` },
  { rule: fact('profile.createdAt', 'BEFORE', { dateTime: ago(730) }), where: `c."createdAt" < ${NOW} - interval '730 days'` },
  { rule: fact('profile.createdAt', 'AFTER', { dateTime: ago(365) }), where: `c."createdAt" > ${NOW} - interval '365 days'` },
  { rule: fact('profile.createdAt', 'WITHIN_LAST_DAYS', { days: 180 }), where: `c."createdAt" BETWEEN ${NOW} - interval '180 days' AND ${NOW}` },
  { rule: fact('profile.createdAt', 'NOT_WITHIN_LAST_DAYS', { days: 1000 }), where: `c."createdAt" < ${NOW} - interval '1000 days'` },
  { rule: fact('profile.age', 'EQUALS', { number: 40 }), matches: withAge((age) => age === 40) },
  { rule: fact('profile.age', 'NOT_EQUALS', { number: 40 }), matches: withAge((age) => age !== 40) },
  { rule: fact('profile.age', 'GREATER_THAN', { number: 65 }), matches: withAge((age) => age > 65) },
  { rule: fact('profile.age', 'AT_LEAST', { number: 65 }), matches: withAge((age) => age >= 65) },
  { rule: fact('profile.age', 'LESS_THAN', { number: 25 }), matches: withAge((age) => age < 25) },
  { rule: fact('profile.age', 'AT_MOST', { number: 25 }), matches: withAge((age) => age <= 25) },
  { rule: fact('profile.age', 'BETWEEN', { min: 30, max: 39 }), matches: withAge((age) => age >= 30 && age <= 39) },
  { rule: fact('profile.age', 'IS_SET'), matches: (customer) => ageOf(customer) !== null },
  { rule: fact('profile.age', 'IS_NOT_SET'), matches: (customer) => ageOf(customer) === null },
  {
    rule: fact('profile.birthdayThisMonth', 'IS_TRUE'),
    matches: (customer) => customer.birthDate !== null && Number(customer.birthDate.slice(5, 7)) === seededAt.getUTCMonth() + 1,
  },
  {
    rule: fact('profile.birthdayThisMonth', 'IS_FALSE'),
    matches: (customer) => customer.birthDate === null || Number(customer.birthDate.slice(5, 7)) !== seededAt.getUTCMonth() + 1,
  },
  { rule: fact('profile.trait', 'EQUALS', { path: 'loyaltyTier', text: 'gold' }), matches: traitText('loyaltyTier', (tier) => tier === 'gold') },
  { rule: fact('profile.trait', 'NOT_EQUALS', { path: 'preferredChannel', text: 'email' }), matches: traitText('preferredChannel', (channel) => channel !== 'email') },
  { rule: fact('profile.trait', 'IN', { path: 'preferredChannel', values: ['email', 'whatsapp'] }), matches: traitText('preferredChannel', (channel) => ['email', 'whatsapp'].includes(channel)) },
  { rule: fact('profile.trait', 'NOT_IN', { path: 'priceList', values: ['wholesale'] }), matches: traitText('priceList', (list) => list !== 'wholesale') },
  { rule: fact('profile.trait', 'CONTAINS', { path: 'preferredStore', text: 'MADRID' }), matches: traitText('preferredStore', (store) => store.toLowerCase().includes('madrid')) },
  { rule: fact('profile.trait', 'IS_SET', { path: 'acquisitionChannel' }), matches: (customer) => traitAt(customer, 'acquisitionChannel') !== null },
  { rule: fact('profile.trait', 'IS_NOT_SET', { path: 'loyaltyTier' }), matches: (customer) => traitAt(customer, 'loyaltyTier') === null },
  // A number read as text, and a path two names deep (the traits this test gave two customers).
  { rule: fact('profile.trait', 'EQUALS', { path: 'employees', text: '50' }), matches: traitText('employees', (employees) => employees === '50') },
  { rule: fact('profile.trait', 'EQUALS', { path: 'loyalty.tier', text: 'gold' }), matches: traitText('loyalty.tier', (tier) => tier === 'gold') },
  { rule: fact('profile.traitNumber', 'EQUALS', { path: 'householdSize', number: 3 }), matches: traitNumber('householdSize', (size) => size === 3) },
  { rule: fact('profile.traitNumber', 'NOT_EQUALS', { path: 'householdSize', number: 3 }), matches: traitNumber('householdSize', (size) => size !== 3) },
  { rule: fact('profile.traitNumber', 'GREATER_THAN', { path: 'loyalty.points', number: 1000 }), matches: traitNumber('loyalty.points', (points) => points > 1000) },
  { rule: fact('profile.traitNumber', 'AT_LEAST', { path: 'loyaltyPoints', number: 1000 }), matches: traitNumber('loyaltyPoints', (points) => points >= 1000) },
  { rule: fact('profile.traitNumber', 'LESS_THAN', { path: 'employees', number: 10 }), matches: traitNumber('employees', (employees) => employees < 10) },
  { rule: fact('profile.traitNumber', 'AT_MOST', { path: 'paymentTermsDays', number: 30 }), matches: traitNumber('paymentTermsDays', (days) => days <= 30) },
  { rule: fact('profile.traitNumber', 'BETWEEN', { path: 'employees', min: 10, max: 50 }), matches: traitNumber('employees', (employees) => employees >= 10 && employees <= 50) },
  { rule: fact('profile.traitNumber', 'IS_SET', { path: 'creditLimit' }), matches: traitNumber('creditLimit', () => true) },
  { rule: fact('profile.traitNumber', 'IS_NOT_SET', { path: 'creditLimit' }), matches: (customer) => typeof traitAt(customer, 'creditLimit') !== 'number' },
  // A text trait has no numeric value.
  { rule: fact('profile.traitNumber', 'IS_SET', { path: 'loyaltyTier' }), matches: traitNumber('loyaltyTier', () => true), selects: 'no one' },
  // profile, beside the customer's row
  { rule: fact('profile.consentGrantedAt', 'IS_SET', { filters: [{ name: 'channel', values: ['EMAIL'] }] }), where: `${grantedConsent(`'EMAIL'`)} IS NOT NULL` },
  { rule: fact('profile.consentGrantedAt', 'IS_NOT_SET', { filters: [{ name: 'channel', values: ['EMAIL'] }] }), where: `${grantedConsent(`'EMAIL'`)} IS NULL` },
  {
    rule: fact('profile.consentGrantedAt', 'WITHIN_LAST_DAYS', { days: 365, filters: [{ name: 'channel', values: ['SMS', 'PHONE'] }] }),
    where: `${grantedConsent(`'SMS', 'PHONE'`)} BETWEEN ${NOW} - interval '365 days' AND ${NOW}`,
  },
  {
    rule: fact('profile.consentGrantedAt', 'NOT_WITHIN_LAST_DAYS', { days: 365, filters: [{ name: 'channel', values: ['SMS'] }] }),
    where: `${grantedConsent(`'SMS'`)} < ${NOW} - interval '365 days'`,
  },
  { rule: fact('profile.consentGrantedAt', 'BEFORE', { dateTime: ago(700), filters: [{ name: 'channel', values: ['POST'] }] }), where: `${grantedConsent(`'POST'`)} < ${NOW} - interval '700 days'` },
  { rule: fact('profile.consentGrantedAt', 'AFTER', { dateTime: ago(200), filters: [{ name: 'channel', values: ['EMAIL'] }] }), where: `${grantedConsent(`'EMAIL'`)} > ${NOW} - interval '200 days'` },
  { rule: fact('profile.hasEmail', 'IS_TRUE'), where: hasActiveEmail },
  { rule: fact('profile.hasEmail', 'IS_FALSE'), where: `NOT ${hasActiveEmail}` },
  // interactions
  {
    rule: fact('interactions.count', 'AT_LEAST', { number: 2, window: { lastDays: 90 }, filters: [{ name: 'kind', values: ['PURCHASE'] }] }),
    where: `${interactions(`i.kind = 'PURCHASE' AND i."occurredAt" >= ${NOW} - interval '90 days'`)} >= 2`,
  },
  { rule: fact('interactions.count', 'EQUALS', { number: 0, filters: [{ name: 'kind', values: ['COMPLAINT'] }] }), where: `${interactions(`i.kind = 'COMPLAINT'`)} = 0` },
  {
    rule: fact('interactions.count', 'LESS_THAN', { number: 3, window: { from: ago(365), to: ago(180) }, filters: [{ name: 'channel', values: ['EMAIL', 'WEB'] }] }),
    where: `${interactions(`i.channel IN ('EMAIL', 'WEB') AND i."occurredAt" >= ${NOW} - interval '365 days' AND i."occurredAt" < ${NOW} - interval '180 days'`)} < 3`,
  },
  { rule: fact('interactions.count', 'GREATER_THAN', { number: 10, filters: [{ name: 'direction', values: ['OUTBOUND'] }] }), where: `${interactions(`i.direction = 'OUTBOUND'`)} > 10` },
  { rule: fact('interactions.count', 'AT_MOST', { number: 1 }), where: `${interactions('true')} <= 1` },
  {
    rule: fact('interactions.count', 'BETWEEN', { min: 2, max: 4, window: { lastDays: 365 }, filters: [{ name: 'kind', values: ['INQUIRY', 'SERVICE'] }] }),
    where: `${interactions(`i.kind IN ('INQUIRY', 'SERVICE') AND i."occurredAt" >= ${NOW} - interval '365 days'`)} BETWEEN 2 AND 4`,
  },
  { rule: fact('interactions.count', 'NOT_EQUALS', { number: 0, window: { lastDays: 30 } }), where: `${interactions(`i."occurredAt" >= ${NOW} - interval '30 days'`)} <> 0` },
  {
    rule: fact('interactions.count', 'EQUALS', {
      number: 3,
      window: { lastDays: 365 },
      filters: [
        { name: 'channel', values: ['POINT_OF_SALE'] },
        { name: 'kind', values: ['PURCHASE'] },
        { name: 'direction', values: ['INBOUND'] },
      ],
    }),
    where: `${interactions(`i.channel = 'POINT_OF_SALE' AND i.kind = 'PURCHASE' AND i.direction = 'INBOUND' AND i."occurredAt" >= ${NOW} - interval '365 days'`)} = 3`,
  },
  // A count without interactions is 0, never unknown.
  { rule: fact('interactions.count', 'IS_SET', { filters: [{ name: 'kind', values: ['COMPLAINT'] }] }), where: 'true', selects: 'everyone' },
  { rule: fact('interactions.count', 'IS_NOT_SET'), where: 'false', selects: 'no one' },
  {
    rule: fact('interactions.lastAt', 'NOT_WITHIN_LAST_DAYS', { days: 180, filters: [{ name: 'kind', values: ['PURCHASE'] }] }),
    where: `${lastInteraction(`i.kind = 'PURCHASE'`)} < ${NOW} - interval '180 days'`,
  },
  {
    rule: fact('interactions.lastAt', 'WITHIN_LAST_DAYS', { days: 30, filters: [{ name: 'channel', values: ['POINT_OF_SALE'] }] }),
    where: `${lastInteraction(`i.channel = 'POINT_OF_SALE'`)} BETWEEN ${NOW} - interval '30 days' AND ${NOW}`,
  },
  {
    rule: fact('interactions.lastAt', 'AFTER', { dateTime: ago(90), window: { from: ago(365), to: ago(60) }, filters: [{ name: 'kind', values: ['PURCHASE'] }] }),
    where: `${lastInteraction(`i.kind = 'PURCHASE' AND i."occurredAt" >= ${NOW} - interval '365 days' AND i."occurredAt" < ${NOW} - interval '60 days'`)} > ${NOW} - interval '90 days'`,
  },
  { rule: fact('interactions.lastAt', 'BEFORE', { dateTime: ago(400) }), where: `${lastInteraction('true')} < ${NOW} - interval '400 days'` },
  { rule: fact('interactions.lastAt', 'IS_SET', { window: { lastDays: 30 } }), where: `${lastInteraction(`i."occurredAt" >= ${NOW} - interval '30 days'`)} IS NOT NULL` },
  { rule: fact('interactions.lastAt', 'IS_NOT_SET', { filters: [{ name: 'kind', values: ['COMPLAINT'] }] }), where: `${lastInteraction(`i.kind = 'COMPLAINT'`)} IS NULL` },
  { rule: fact('interactions.firstAt', 'BEFORE', { dateTime: ago(600), filters: [{ name: 'kind', values: ['PURCHASE'] }] }), where: `${firstInteraction(`i.kind = 'PURCHASE'`)} < ${NOW} - interval '600 days'` },
  { rule: fact('interactions.firstAt', 'AFTER', { dateTime: ago(300) }), where: `${firstInteraction('true')} > ${NOW} - interval '300 days'` },
  {
    rule: fact('interactions.purchaseTotal', 'AT_LEAST', { number: 500, currency: 'EUR', window: { lastDays: 365 } }),
    where: `${purchases('EUR', `i."occurredAt" >= ${NOW} - interval '365 days'`)} >= 500`,
  },
  { rule: fact('interactions.purchaseTotal', 'GREATER_THAN', { number: 0, currency: 'USD' }), where: `${purchases('USD')} > 0` },
  {
    rule: fact('interactions.purchaseTotal', 'BETWEEN', { min: 100, max: 300, currency: 'EUR', window: { from: ago(730), to: ago(365) }, filters: [{ name: 'channel', values: ['POINT_OF_SALE'] }] }),
    where: `${purchases('EUR', `i.channel = 'POINT_OF_SALE' AND i."occurredAt" >= ${NOW} - interval '730 days' AND i."occurredAt" < ${NOW} - interval '365 days'`)} BETWEEN 100 AND 300`,
  },
  { rule: fact('interactions.purchaseTotal', 'EQUALS', { number: 0, currency: 'EUR' }), where: `${purchases('EUR')} = 0` },
  { rule: fact('interactions.purchaseTotal', 'NOT_EQUALS', { number: 0, currency: 'MXN' }), where: `${purchases('MXN')} <> 0` },
  { rule: fact('interactions.purchaseTotal', 'LESS_THAN', { number: 50, currency: 'EUR' }), where: `${purchases('EUR')} < 50` },
  { rule: fact('interactions.purchaseTotal', 'AT_MOST', { number: 100, currency: 'EUR', window: { lastDays: 90 } }), where: `${purchases('EUR', `i."occurredAt" >= ${NOW} - interval '90 days'`)} <= 100` },
  // A sum without purchases is 0, never unknown.
  { rule: fact('interactions.purchaseTotal', 'IS_SET', { currency: 'ARS' }), where: 'true', selects: 'everyone' },
  { rule: fact('interactions.purchaseTotal', 'IS_NOT_SET', { currency: 'ARS' }), where: 'false', selects: 'no one' },
  // pipeline
  { rule: fact('pipeline.openDeals', 'AT_LEAST', { number: 1 }), where: `${opportunities('count(*)', OPEN_STAGE)} >= 1` },
  { rule: fact('pipeline.openDeals', 'EQUALS', { number: 0 }), where: `${opportunities('count(*)', OPEN_STAGE)} = 0` },
  { rule: fact('pipeline.openValue', 'GREATER_THAN', { number: 10_000, currency: 'EUR' }), where: `${opportunities('coalesce(sum(o.amount), 0)', `${OPEN_STAGE} AND o.currency = 'EUR'`)} > 10000` },
  { rule: fact('pipeline.openValue', 'BETWEEN', { min: 1, max: 20_000, currency: 'EUR' }), where: `${opportunities('coalesce(sum(o.amount), 0)', `${OPEN_STAGE} AND o.currency = 'EUR'`)} BETWEEN 1 AND 20000` },
  {
    rule: fact('pipeline.wonValue', 'AT_LEAST', { number: 1, currency: 'EUR', window: { lastDays: 365 } }),
    where: `${opportunities('coalesce(sum(o.amount), 0)', `o.stage = 'CLOSED_WON' AND o.currency = 'EUR' AND o."closedAt" >= ${NOW} - interval '365 days'`)} >= 1`,
  },
  {
    rule: fact('pipeline.wonValue', 'NOT_EQUALS', { number: 0, currency: 'EUR', window: { from: ago(1095), to: ago(180) } }),
    where: `${opportunities('coalesce(sum(o.amount), 0)', `o.stage = 'CLOSED_WON' AND o.currency = 'EUR' AND o."closedAt" >= ${NOW} - interval '1095 days' AND o."closedAt" < ${NOW} - interval '180 days'`)} <> 0`,
  },
  // tickets
  { rule: fact('tickets.open', 'AT_LEAST', { number: 1 }), where: `${tickets(OPEN_TICKET)} >= 1` },
  { rule: fact('tickets.open', 'LESS_THAN', { number: 1 }), where: `${tickets(OPEN_TICKET)} < 1` },
  {
    rule: fact('tickets.opened', 'AT_LEAST', { number: 1, window: { lastDays: 30 }, filters: [{ name: 'kind', values: ['COMPLAINT'] }] }),
    where: `${tickets(`t.kind = 'COMPLAINT' AND t."createdAt" >= ${NOW} - interval '30 days'`)} >= 1`,
  },
  {
    rule: fact('tickets.opened', 'GREATER_THAN', { number: 1, window: { from: ago(365), to: ago(30) } }),
    where: `${tickets(`t."createdAt" >= ${NOW} - interval '365 days' AND t."createdAt" < ${NOW} - interval '30 days'`)} > 1`,
  },
  { rule: fact('tickets.lastComplaintAt', 'WITHIN_LAST_DAYS', { days: 90 }), where: `${tickets(`t.kind = 'COMPLAINT' AND t."createdAt" BETWEEN ${NOW} - interval '90 days' AND ${NOW}`)} > 0` },
  {
    rule: fact('tickets.lastComplaintAt', 'NOT_WITHIN_LAST_DAYS', { days: 180 }),
    where: `${tickets(`t.kind = 'COMPLAINT'`)} > 0 AND ${tickets(`t.kind = 'COMPLAINT' AND t."createdAt" >= ${NOW} - interval '180 days'`)} = 0`,
  },
  { rule: fact('tickets.lastComplaintAt', 'IS_SET'), where: `${tickets(`t.kind = 'COMPLAINT'`)} > 0` },
  // scores, as the seed computed them; what a customer spent is checked against the purchases themselves
  { rule: fact('segments.recencyScore', 'AT_LEAST', { number: 4 }), where: `${score('recencyScore')} >= 4` },
  { rule: fact('segments.frequencyScore', 'EQUALS', { number: 5 }), where: `${score('frequencyScore')} = 5` },
  { rule: fact('segments.monetaryScore', 'BETWEEN', { min: 2, max: 3 }), where: `${score('monetaryScore')} BETWEEN 2 AND 3` },
  { rule: fact('segments.rfmCell', 'IN', { values: ['CHAMPIONS', 'LOYAL'] }), where: `${score('rfmCell')}::text IN ('CHAMPIONS', 'LOYAL')` },
  { rule: fact('segments.rfmCell', 'IS_NOT_SET'), where: `${score('rfmCell')} IS NULL` },
  { rule: fact('segments.predictedValue', 'GREATER_THAN', { number: 100 }), where: `${score('predictedValue')} > 100` },
  { rule: fact('segments.predictedPurchases', 'AT_LEAST', { number: 1 }), where: `${score('predictedPurchases')} >= 1` },
  { rule: fact('segments.probabilityAlive', 'LESS_THAN', { number: 0.5 }), where: `${score('probabilityAlive')} < 0.5` },
  { rule: fact('segments.churnRisk', 'AT_LEAST', { number: 0.7 }), where: `${score('churnRisk')} >= 0.7` },
  { rule: fact('segments.historicalValue', 'AT_LEAST', { number: 1000, currency: 'EUR' }), where: `${purchases('EUR')} >= 1000` },
  { rule: fact('segments.historicalValue', 'EQUALS', { number: 0, currency: 'USD' }), where: `${purchases('USD')} = 0` },
  // AND / OR / NOT
  {
    rule: {
      all: [
        { any: [fact('profile.country', 'IN', { values: ['ES'] }), fact('profile.audiences', 'INCLUDES_ANY', { values: ['KEY_ACCOUNT'] })] },
        { not: fact('interactions.count', 'AT_LEAST', { number: 1, window: { lastDays: 180 }, filters: [{ name: 'kind', values: ['PURCHASE'] }] }) },
        { any: [fact('profile.lifecycle', 'EQUALS', { text: 'ACTIVE' }), { not: { not: fact('profile.owner', 'IS_SET') } }] },
      ],
    },
    where: `(c.country = 'ES' OR 'KEY_ACCOUNT' = ANY(c.audiences))
            AND NOT (${interactions(`i.kind = 'PURCHASE' AND i."occurredAt" >= ${NOW} - interval '180 days'`)} >= 1)
            AND (c.lifecycle = 'ACTIVE' OR c."ownerId" IS NOT NULL)`,
  },
  // NOT of a condition a customer without the value fails: they pass its negation.
  { rule: { not: fact('profile.country', 'EQUALS', { text: 'ES' }) }, where: `c.country IS DISTINCT FROM 'ES'` },
  {
    // Eight levels, the deepest a rule may go.
    rule: {
      any: [
        { all: [{ not: { any: [{ all: [{ not: { not: fact('profile.kind', 'EQUALS', { text: 'PERSON' }) } }, fact('profile.birthdayThisMonth', 'IS_TRUE')] }] } }, fact('profile.size', 'IS_NOT_SET')] },
        fact('profile.size', 'EQUALS', { text: 'ENTERPRISE' }),
      ],
    },
    where: `(NOT (c.kind = 'PERSON' AND coalesce(extract(month FROM c."birthDate") = extract(month FROM ${NOW}), false)) AND c.size IS NULL) OR c.size = 'ENTERPRISE'`,
  },
  // The same grouped fact with two windows in one rule: each reads its own window.
  {
    rule: {
      all: [
        fact('interactions.count', 'AT_LEAST', { number: 1, window: { lastDays: 30 }, filters: [{ name: 'kind', values: ['PURCHASE'] }] }),
        fact('interactions.count', 'EQUALS', { number: 0, window: { from: ago(120), to: ago(30) }, filters: [{ name: 'kind', values: ['PURCHASE'] }] }),
      ],
    },
    where: `${interactions(`i.kind = 'PURCHASE' AND i."occurredAt" >= ${NOW} - interval '30 days'`)} >= 1
            AND ${interactions(`i.kind = 'PURCHASE' AND i."occurredAt" >= ${NOW} - interval '120 days' AND i."occurredAt" < ${NOW} - interval '30 days'`)} = 0`,
  },
];

/** Every (fact, operator) a rule uses, however deep. */
function conditionsIn(rule: Rule): { fact: string; operator: string }[] {
  if (rule.fact) return [rule.fact as { fact: string; operator: string }];
  if (rule.not) return conditionsIn(rule.not as Rule);
  return [...((rule.all ?? rule.any ?? []) as Rule[])].flatMap(conditionsIn);
}

describe('rule operators against an independent computation on the demo', () => {
  let server: TestServer;
  let customers: CustomerRow[];
  let catalogue: { name: string; type: string; operators: string[] }[];

  async function liveCustomers(): Promise<CustomerRow[]> {
    return tenantRows<CustomerRow>(
      server.owner,
      'demo',
      `SELECT id::text AS id, kind::text AS kind, "birthDate"::text AS "birthDate", traits FROM "Customer" WHERE "tenantId" = 'demo' AND "archivedAt" IS NULL ORDER BY id`,
    );
  }

  async function mutate(document: string, variables: Record<string, unknown>): Promise<void> {
    const response = await server.graphql(document, variables);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const result = Object.values(response.data!)[0] as { __typename: string };
    expect(result.__typename, JSON.stringify(result)).toMatch(/Payload$/);
  }

  beforeAll(async () => {
    server = await startTestServer({ clock: manualClock(seededAt) });
    // Data the demo lacks, so that every operator can tell customers apart: an archived customer
    // (outside every rule), traits two names deep, an empty audience list and a customer without
    // an e-mail address.
    const [archived] = await tenantRows<{ id: string; kind: string }>(
      server.owner,
      'demo',
      `SELECT c.id::text, c.kind::text FROM "Customer" c WHERE c."tenantId" = 'demo' AND c.country = 'ES' AND c.kind = 'PERSON'
         AND EXISTS (SELECT 1 FROM "Interaction" i WHERE i."tenantId" = 'demo' AND i."customerId" = c.id AND i.kind = 'PURCHASE') ORDER BY c.id LIMIT 1`,
    );
    await mutate(`mutation ($id: ID!) { archiveCustomer(id: $id) { __typename } }`, { id: customerGlobalIdOf(archived!.kind, archived!.id) });
    const loyal = await tenantRows<{ id: string; kind: string; traits: Record<string, unknown> }>(
      server.owner,
      'demo',
      `SELECT id::text, kind::text, traits FROM "Customer" WHERE "tenantId" = 'demo' AND "archivedAt" IS NULL AND kind = 'PERSON' AND traits ? 'preferredChannel' ORDER BY id LIMIT 3`,
    );
    const update = `mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { __typename } }`;
    await mutate(update, { input: { id: customerGlobalIdOf(loyal[0]!.kind, loyal[0]!.id), traits: { ...loyal[0]!.traits, loyalty: { tier: 'gold', points: 1500 } } } });
    await mutate(update, { input: { id: customerGlobalIdOf(loyal[1]!.kind, loyal[1]!.id), traits: { ...loyal[1]!.traits, loyalty: { tier: 'silver', points: 300 } } } });
    await mutate(update, { input: { id: customerGlobalIdOf(loyal[2]!.kind, loyal[2]!.id), audiences: [] } });
    const [onlyEmail] = await tenantRows<{ id: string }>(
      server.owner,
      'demo',
      `SELECT (array_agg(p.id::text))[1] AS id FROM "ContactPoint" p JOIN "Customer" c ON c.id = p."customerId"
       WHERE p."tenantId" = 'demo' AND c."archivedAt" IS NULL AND p.kind = 'EMAIL' GROUP BY p."customerId" HAVING count(*) = 1 ORDER BY p."customerId" LIMIT 1`,
    );
    await mutate(`mutation ($id: ID!) { removeContactPoint(id: $id) { __typename } }`, { id: globalIdOf('ContactPoint', onlyEmail!.id) });
    customers = await liveCustomers();
    catalogue = (await server.graphql(`{ customerFacts { name type operators } }`)).data!.customerFacts;
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('has a case for every fact of the catalogue, and for every operator on every fact type', () => {
    const used = CASES.flatMap((operatorCase) => conditionsIn(operatorCase.rule));
    const typeOf = new Map(catalogue.map((entry) => [entry.name, entry.type]));
    expect(catalogue.filter((entry) => !used.some((condition) => condition.fact === entry.name)).map((entry) => entry.name)).toEqual([]);
    const pairsUsed = new Set(used.map((condition) => `${typeOf.get(condition.fact)} ${condition.operator}`));
    const pairsOffered = new Set(catalogue.flatMap((entry) => entry.operators.map((operator) => `${entry.type} ${operator}`)));
    expect([...pairsOffered].filter((pair) => !pairsUsed.has(pair))).toEqual([]);
    expect([...pairsUsed].filter((pair) => !pairsOffered.has(pair))).toEqual([]);
  });

  for (const operatorCase of CASES) {
    it(JSON.stringify(operatorCase.rule), async () => {
      const expected = operatorCase.matches
        ? customers.filter(operatorCase.matches).map((customer) => customer.id).sort(byUuid)
        : await customersWhere(server.owner, seededAt, operatorCase.where!);
      if (operatorCase.selects === 'everyone') expect(expected).toHaveLength(customers.length);
      else if (operatorCase.selects === 'no one') expect(expected).toHaveLength(0);
      else {
        expect(expected.length, 'the case tells customers apart').toBeGreaterThan(0);
        expect(expected.length, 'the case tells customers apart').toBeLessThan(customers.length);
      }
      await expectPreview(operatorCase.rule, expected);
    });
  }

  async function expectPreview(rule: Rule, expected: string[]): Promise<void> {
    const preview = await previewOf(server, rule);
    expect(preview.count).toBe(expected.length);
    expect(preview.ids).toEqual(expected.slice(0, 100));
  }

  it('inSegment selects the current members of a dynamic and of a static segment', async () => {
    const spanishBuyers = `c.country IS NOT DISTINCT FROM 'ES' AND ${interactions(`i.kind = 'PURCHASE' AND i."occurredAt" >= ${NOW} - interval '90 days'`)} >= 1`;
    const dynamic = await server.graphql(CREATE_SEGMENT, {
      input: {
        name: 'Spanish buyers of the last 90 days',
        kind: 'DYNAMIC',
        rule: { all: [fact('profile.country', 'EQUALS', { text: 'ES' }), fact('interactions.count', 'AT_LEAST', { number: 1, window: { lastDays: 90 }, filters: [{ name: 'kind', values: ['PURCHASE'] }] })] },
      },
    });
    expect(dynamic.data?.createSegment.__typename, JSON.stringify(dynamic)).toBe('SegmentPayload');
    const dynamicId = dynamic.data!.createSegment.segment.id as string;
    expect(dynamic.data!.createSegment.segment.size).toBe((await customersWhere(server.owner, seededAt, spanishBuyers)).length);

    const handPicked = customers.filter((customer) => customer.kind === 'ORGANIZATION').slice(0, 3);
    const created = await server.graphql(CREATE_SEGMENT, { input: { name: 'Hand-picked organizations', kind: 'STATIC' } });
    const staticId = created.data!.createSegment.segment.id as string;
    await mutate(`mutation ($id: ID!, $customers: [ID!]!) { addSegmentMembers(id: $id, customerIds: $customers) { __typename } }`, {
      id: staticId,
      customers: handPicked.map((customer) => customerGlobalIdOf(customer.kind, customer.id)),
    });

    await expectPreview(
      { all: [{ inSegment: dynamicId }, fact('profile.lifecycle', 'EQUALS', { text: 'ACTIVE' })] },
      await customersWhere(server.owner, seededAt, `${spanishBuyers} AND c.lifecycle = 'ACTIVE'`),
    );
    await expectPreview({ not: { inSegment: dynamicId } }, await customersWhere(server.owner, seededAt, `NOT (${spanishBuyers})`));
    const picked = handPicked.map((customer) => `'${customer.id}'`).join(', ');
    await expectPreview(
      { any: [{ inSegment: staticId }, fact('profile.size', 'EQUALS', { text: 'ENTERPRISE' })] },
      await customersWhere(server.owner, seededAt, `c.id IN (${picked}) OR c.size = 'ENTERPRISE'`),
    );
  });

  // Decided from conditionSql: every condition is true or false, never unknown. A customer without
  // a value satisfies only IS_NOT_SET, IS_FALSE and INCLUDES_NONE, and therefore the negation of
  // every other condition. Money facts always have a value (0 without amounts): see the IS_SET cases.
  const SATISFIED_WITHOUT_A_VALUE = ['IS_NOT_SET', 'IS_FALSE', 'INCLUDES_NONE'];
  const WITHOUT_A_VALUE: { fact: string; parameters?: Record<string, unknown>; probe: Rule; where: string; operands: Record<string, Record<string, unknown>> }[] = [
    {
      fact: 'profile.region',
      probe: fact('profile.region', 'IS_NOT_SET'),
      where: 'c.region IS NULL',
      operands: { EQUALS: { text: 'Cataluña' }, NOT_EQUALS: { text: 'Cataluña' }, IN: { values: ['Cataluña'] }, NOT_IN: { values: ['Cataluña'] }, CONTAINS: { text: 'a' } },
    },
    {
      fact: 'profile.age',
      probe: fact('profile.age', 'IS_NOT_SET'),
      where: 'c."birthDate" IS NULL',
      operands: { EQUALS: { number: 40 }, NOT_EQUALS: { number: 40 }, GREATER_THAN: { number: 0 }, AT_LEAST: { number: 0 }, LESS_THAN: { number: 200 }, AT_MOST: { number: 200 }, BETWEEN: { min: 0, max: 200 } },
    },
    {
      fact: 'interactions.lastAt',
      parameters: { filters: [{ name: 'kind', values: ['COMPLAINT'] }] },
      probe: fact('interactions.lastAt', 'IS_NOT_SET', { filters: [{ name: 'kind', values: ['COMPLAINT'] }] }),
      where: `${lastInteraction(`i.kind = 'COMPLAINT'`)} IS NULL`,
      operands: { BEFORE: { dateTime: ago(-1) }, AFTER: { dateTime: '1900-01-01T00:00:00Z' }, WITHIN_LAST_DAYS: { days: 3660 }, NOT_WITHIN_LAST_DAYS: { days: 1 } },
    },
    { fact: 'profile.birthdayThisMonth', probe: fact('profile.age', 'IS_NOT_SET'), where: 'c."birthDate" IS NULL', operands: {} },
    {
      fact: 'profile.size',
      probe: fact('profile.size', 'IS_NOT_SET'),
      where: 'c.size IS NULL',
      operands: { EQUALS: { text: 'MICRO' }, NOT_EQUALS: { text: 'MICRO' }, IN: { values: ['MICRO', 'SMALL', 'MEDIUM', 'LARGE', 'ENTERPRISE'] }, NOT_IN: { values: ['MICRO'] } },
    },
    {
      // The demo has no customer without audiences; this test emptied one customer's list.
      fact: 'profile.audiences',
      probe: fact('profile.audiences', 'INCLUDES_NONE', { values: ['PROSPECT', 'CUSTOMER', 'FORMER_CUSTOMER', 'EMPLOYEE', 'PRESCRIBER', 'KEY_ACCOUNT', 'SUPPLIER'] }),
      where: 'c.audiences IS NULL OR cardinality(c.audiences) = 0',
      operands: {
        INCLUDES_ANY: { values: ['PROSPECT', 'CUSTOMER', 'FORMER_CUSTOMER', 'EMPLOYEE', 'PRESCRIBER', 'KEY_ACCOUNT', 'SUPPLIER'] },
        INCLUDES_ALL: { values: ['CUSTOMER'] },
        INCLUDES_NONE: { values: ['CUSTOMER'] },
      },
    },
  ];

  for (const withoutValue of WITHOUT_A_VALUE) {
    it(`a customer without a value of ${withoutValue.fact} satisfies only ${SATISFIED_WITHOUT_A_VALUE.join(', ')}, and the negation of the rest`, async () => {
      const without = await customersWhere(server.owner, seededAt, withoutValue.where);
      expect(without.length).toBeGreaterThan(0);
      await expectPreview(withoutValue.probe, without);
      const type = catalogue.find((entry) => entry.name === withoutValue.fact)!;
      for (const operator of type.operators) {
        const condition = fact(withoutValue.fact, operator, { ...withoutValue.parameters, ...withoutValue.operands[operator] });
        const satisfied = SATISFIED_WITHOUT_A_VALUE.includes(operator);
        const held = await previewOf(server, { all: [withoutValue.probe, condition] });
        expect(held.count, `${operator} for customers without a value`).toBe(satisfied ? without.length : 0);
        const negated = await previewOf(server, { all: [withoutValue.probe, { not: condition }] });
        expect(negated.count, `NOT ${operator} for customers without a value`).toBe(satisfied ? 0 : without.length);
      }
    });
  }
});
