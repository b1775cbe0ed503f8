import type { CustomerFact, CustomerPopulation, FactSqlContext } from '../../../src/plugin-api.ts';
import { consentChanged, contactPointAdded, contactPointRemoved, customerArchived, customerCreated, customerUpdated, lifecycleChanged } from '../events.ts';
import { Audience, ConsentChannel, CustomerKind, Lifecycle, OrganizationSize } from './enums.ts';

/**
 * Customers for facts: the live rows of "Customer" of the transaction's tenant, aliased `customer`.
 * The tenant is named although Row-Level Security applies it: a seed writes as the database's
 * owner, whom no policy confines.
 */
export const customerPopulation: CustomerPopulation = {
  from: '"Customer" customer',
  id: 'customer.id',
  live: `customer."tenantId" = current_setting('app.tenant_id', true) AND customer."archivedAt" IS NULL`,
};

const edited = [customerCreated.name, customerUpdated.name, customerArchived.name];

/** A fact read from one column of the customer's row. */
function column(name: string, label: string, description: string, type: CustomerFact['type'], expression: (customer: string) => string, extra: Partial<CustomerFact> = {}): CustomerFact {
  return { name: `profile.${name}`, label, description, type, changedBy: edited, source: { kind: 'ROW', expression }, ...extra };
}

/** The JSON path of a condition as a text[] parameter, for `#>` and `#>>`. */
const pathOf = (context: FactSqlContext) => `${context.parameter(context.arguments.path ?? [])}::text[]`;

/** What the profile knows about every customer. */
export const profileFacts: readonly CustomerFact[] = [
  column('kind', 'kind', 'Person or organization.', 'ENUM', (c) => `${c}.kind::text`, { values: Object.values(CustomerKind) }),
  column('audiences', 'audiences', 'The audiences the customer belongs to (customer, prospect, key account …).', 'ENUM_LIST', (c) => `${c}.audiences::text[]`, {
    values: Object.values(Audience),
  }),
  column('lifecycle', 'lifecycle', 'Active, inactive or lost.', 'ENUM', (c) => `${c}.lifecycle::text`, { values: Object.values(Lifecycle), changedBy: [...edited, lifecycleChanged.name] }),
  column('country', 'country', 'ISO 3166 country code of the customer.', 'TEXT', (c) => `${c}.country::text`),
  column('region', 'region', 'Region or province.', 'TEXT', (c) => `${c}.region`),
  column('city', 'city', 'City.', 'TEXT', (c) => `${c}.city`),
  column('industry', 'industry', "An organization's industry.", 'TEXT', (c) => `${c}.industry`),
  column('size', 'size', "An organization's size.", 'ENUM', (c) => `${c}.size::text`, { values: Object.values(OrganizationSize) }),
  column('owner', 'owner', 'The user who owns the relationship.', 'TEXT', (c) => `${c}."ownerId"`),
  column('createdAt', 'customer since', 'When the customer was first recorded.', 'DATE_TIME', (c) => `${c}."createdAt"`),
  {
    name: 'profile.age',
    label: 'age',
    description: "A person's age in whole years, from their birth date.",
    type: 'NUMBER',
    changedBy: edited,
    movesWithTime: true,
    source: { kind: 'ROW', expression: (customer, context) => `date_part('year', age(${context.now}::date, ${customer}."birthDate"))::int` },
  },
  {
    name: 'profile.birthdayThisMonth',
    label: 'birthday this month',
    description: "A person's birthday falls in the current month (UTC).",
    type: 'BOOLEAN',
    changedBy: edited,
    movesWithTime: true,
    source: { kind: 'ROW', expression: (customer, context) => `date_part('month', ${customer}."birthDate") = date_part('month', ${context.now})` },
  },
  {
    name: 'profile.trait',
    label: 'trait',
    description: 'A trait by its JSON path, as text (e.g. path "loyalty.tier").',
    type: 'TEXT',
    parameters: { path: true },
    changedBy: edited,
    source: { kind: 'ROW', expression: (customer, context) => `${customer}.traits #>> ${pathOf(context)}` },
  },
  {
    name: 'profile.traitNumber',
    label: 'trait',
    description: 'A numeric trait by its JSON path (null when it is not a number).',
    type: 'NUMBER',
    parameters: { path: true },
    changedBy: edited,
    source: {
      kind: 'ROW',
      expression: (customer, context) => `CASE WHEN jsonb_typeof(${customer}.traits #> ${pathOf(context)}) = 'number' THEN (${customer}.traits #>> ${pathOf(context)})::numeric END`,
    },
  },
  {
    name: 'profile.consentGrantedAt',
    label: 'consent',
    description: 'When the customer gave the consent, for the channels given (the latest); not set without one or after a withdrawal.',
    type: 'DATE_TIME',
    parameters: { filters: { channel: { description: 'The channels of the consent.', values: Object.values(ConsentChannel), required: true } } },
    changedBy: [consentChanged.name],
    source: {
      kind: 'GROUPED',
      absent: 'NULL',
      statement: (context, customers) =>
        `SELECT "customerId" AS customer_id, MAX("changedAt") AS value FROM "Consent"
         WHERE status = 'GRANTED' AND channel::text = ANY(${context.parameter(context.arguments.filters.channel)}::text[])${customers ? ` AND "customerId" = ANY(${customers})` : ''}
         GROUP BY "customerId"`,
    },
  },
  {
    name: 'profile.hasEmail',
    label: 'e-mail address',
    description: 'The customer has an active e-mail address.',
    type: 'BOOLEAN',
    changedBy: [contactPointAdded.name, contactPointRemoved.name],
    source: {
      kind: 'GROUPED',
      absent: 'false',
      statement: (_context, customers) =>
        `SELECT DISTINCT "customerId" AS customer_id, true AS value FROM "ContactPoint" WHERE kind = 'EMAIL' AND "isActive"${customers ? ` AND "customerId" = ANY(${customers})` : ''}`,
    },
  },
];
