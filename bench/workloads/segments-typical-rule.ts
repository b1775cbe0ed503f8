/** The purchases the typical rule counts, and the window it counts them in. */
const PURCHASES_AT_LEAST = 2;
const WINDOW_DAYS = 90;

/**
 * A typical marketing rule, as a client sends it to `segmentPreview` and `createSegment`: active
 * customers with at least 2 purchases in the last 90 days who consented to e-mail, employees left out.
 */
export const TYPICAL_RULE = {
  all: [
    { fact: { fact: 'profile.lifecycle', operator: 'EQUALS', text: 'ACTIVE' } },
    {
      fact: {
        fact: 'interactions.count',
        operator: 'AT_LEAST',
        number: PURCHASES_AT_LEAST,
        filters: [{ name: 'kind', values: ['PURCHASE'] }],
        window: { lastDays: WINDOW_DAYS },
      },
    },
    { fact: { fact: 'profile.consentGrantedAt', operator: 'IS_SET', filters: [{ name: 'channel', values: ['EMAIL'] }] } },
    { not: { fact: { fact: 'profile.audiences', operator: 'INCLUDES_ANY', values: ['EMPLOYEE'] } } },
  ],
} as const;

/** In words, for the progress display and the JSON. */
export const TYPICAL_RULE_TEXT = `lifecycle ACTIVE, ≥ ${PURCHASES_AT_LEAST} purchases in the last ${WINDOW_DAYS} days, e-mail consent given, not an employee`;

/**
 * The customers the rule holds for, written by hand as an engineer who knows the tables would: the
 * purchases in the window counted in one grouped pass and joined to the customers that pass the
 * row conditions, the consent probed by its (tenant, customer) index. `$1` is the instant of the
 * evaluation (timestamp(3), UTC). (Counting each customer's purchases with a correlated index probe
 * instead reads as naturally, and takes twice as long at 50,000 customers: one probe per active
 * customer with the consent.)
 */
export const TYPICAL_RULE_CUSTOMERS_SQL = `
  SELECT c.id, c.kind FROM "Customer" c
  JOIN (SELECT i."customerId" FROM "Interaction" i
        WHERE i."tenantId" = current_setting('app.tenant_id') AND i.kind = 'PURCHASE' AND i."occurredAt" >= $1::timestamp(3) - interval '${WINDOW_DAYS} days'
        GROUP BY i."customerId" HAVING count(*) >= ${PURCHASES_AT_LEAST}) buyer ON buyer."customerId" = c.id
  WHERE c."tenantId" = current_setting('app.tenant_id') AND c."archivedAt" IS NULL
    AND c.lifecycle = 'ACTIVE'
    AND NOT COALESCE(c.audiences && ARRAY['EMPLOYEE']::"Audience"[], false)
    AND EXISTS (SELECT FROM "Consent" k
                WHERE k."tenantId" = c."tenantId" AND k."customerId" = c.id AND k.channel = 'EMAIL' AND k.status = 'GRANTED')`;

/** A customer's global id from its row kind and id, as the API gives it. */
export const customerGlobalIdSql = (customer: string) =>
  `encode(convert_to(CASE ${customer}.kind WHEN 'PERSON' THEN 'Person:' ELSE 'Organization:' END || ${customer}.id::text, 'UTF8'), 'base64')`;
