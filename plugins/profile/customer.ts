import type { GraphQLResolveInfo } from 'graphql';
import type { Builder, Context, PluginComposition } from '../../src/plugin-api.ts';
import { readAlong, valueReadAlong } from '../../src/plugin-api.ts';
import { READ, WRITE, WRITE_ERRORS } from './access.ts';
import { parseCustomerGlobalId } from './customer-ids.ts';
import { registerCustomerInputs } from './customer-input-types.ts';
import { readAlongOrLoad } from './customer-relations.ts';
import { archiveCustomer, setLifecycle, updateCustomer } from './customer-writes.ts';
import { checkCustomerFactQuery } from './profile-inputs.ts';
import { countCustomers, customerPage } from './store/customer-pages.ts';
import type { CustomerRow } from './store/customer-rows.ts';
import { loadCustomerView } from './store/customer-view.ts';
import { Audience, ContactPointKind, Lifecycle } from './store/enums.ts';
import { customerByExternalRef } from './store/external-refs.ts';
import { primaryContactPart, primaryContacts } from './store/primary-contacts.ts';
import { consentsPart, contactPointsPart, externalRefsPart } from './store/profile-relations.ts';
import { registerTimeline } from './timeline.ts';

const primaryEmailPart = primaryContactPart('EMAIL');
const primaryPhonePart = primaryContactPart('PHONE');

/**
 * `Customer`: what people and organizations share. Both live in one table, told apart by `kind`,
 * so every other area references "the customer" with a single foreign key. With it, the queries
 * that find customers (filtered and sorted by any area's customer facts, through the composition's
 * catalogue) and the mutations that apply to either kind.
 */
export function registerCustomer(builder: Builder, composition: Pick<PluginComposition, 'customerFacts' | 'FactCondition'>) {
  const inputs = registerCustomerInputs(builder, composition);

  const Customer = builder.prismaInterface('Customer', {
    name: 'Customer',
    interfaces: [builder.nodeInterfaceRef()],
    description: 'A person or an organization the company has a relationship with: the unified profile.',
    resolveType: (customer) => (customer.kind === 'PERSON' ? 'Person' : 'Organization'),
    authScopes: READ,
    fields: (t) => ({
      displayName: t.exposeString('displayName', { description: "The name shown everywhere: a person's first and last name, an organization's trading name." }),
      audiences: t.expose('audiences', { type: [Audience], description: 'Every audience the customer belongs to (possibly none).' }),
      lifecycle: t.expose('lifecycle', { type: Lifecycle, description: 'Whether the relationship is active, dormant or lost.' }),
      lifecycleChangedAt: t.expose('lifecycleChangedAt', { type: 'DateTime', description: 'When `lifecycle` last changed (or the customer was created), UTC.' }),
      ownerId: t.exposeString('ownerId', { nullable: true, description: 'User id of the account owner.' }),
      language: t.exposeString('language', { nullable: true, description: 'BCP 47 language tag, e.g. "es".' }),
      country: t.expose('country', { type: 'CountryCode', nullable: true, description: 'Where the customer lives or is registered (ISO 3166-1 alpha-2); null when unknown.' }),
      region: t.exposeString('region', { nullable: true, description: 'Province, state or region, as entered; null when unknown.' }),
      city: t.exposeString('city', { nullable: true, description: 'City, as entered; null when unknown.' }),
      traits: t.expose('traits', { type: 'JSONObject', description: 'Free facts that have no typed field yet.' }),
      contactPoints: t.field({
        type: ['ContactPoint'],
        description: 'E-mails, phones and addresses: grouped by kind, the primary of each kind first, then oldest first.',
        args: { kind: t.arg({ type: ContactPointKind, required: false, description: 'Only contact points of this kind; all kinds when absent.' }) },
        extensions: readAlong(contactPointsPart),
        resolve: (customer, args, context, info) => readAlongOrLoad(customer, { kind: args.kind ?? null }, context, info, 'contactPoints', contactPointsPart),
      }),
      primaryEmail: t.string({
        nullable: true,
        description: 'The primary e-mail (lower-cased); null when the customer has none.',
        extensions: readAlong(primaryEmailPart),
        resolve: (customer, _args, context, info) => primaryContactOf(customer, 'EMAIL', context, info),
      }),
      primaryPhone: t.string({
        nullable: true,
        description: 'The primary phone in E.164 (e.g. "+34612345678"); null when the customer has none.',
        extensions: readAlong(primaryPhonePart),
        resolve: (customer, _args, context, info) => primaryContactOf(customer, 'PHONE', context, info),
      }),
      consents: t.field({
        type: ['Consent'],
        description: 'The consent recorded for each channel, by channel; a channel without one has never been asked.',
        extensions: readAlong(consentsPart),
        resolve: (customer, _args, context, info) => readAlongOrLoad(customer, {}, context, info, 'consents', consentsPart),
      }),
      externalRefs: t.field({
        type: ['ExternalRef'],
        description: "The customer's ids in other systems, by source.",
        extensions: readAlong(externalRefsPart),
        resolve: (customer, _args, context, info) => readAlongOrLoad(customer, {}, context, info, 'externalRefs', externalRefsPart),
      }),
      archivedAt: t.expose('archivedAt', { type: 'DateTime', nullable: true, description: 'When it was archived (hidden from lists and searches), UTC; null while it is not.' }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the profile was created in Nexo, UTC.' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When any of its own fields last changed, UTC.' }),
    }),
  });
  registerTimeline(builder, Customer);

  builder.queryFields((t) => ({
    customer: t.field({
      type: 'Customer',
      nullable: true,
      authScopes: READ,
      description: "A person or organization by its global id; null when there is none in your tenant. A merged record's id answers the customer it was merged into.",
      args: { id: t.arg.id({ required: true, description: 'Global id of a Person or Organization.' }) },
      resolve: async (_root, args, context, info) => {
        const { id, kind } = parseCustomerGlobalId(String(args.id), ['id']);
        return loadCustomerView(context, info, id, kind);
      },
    }),
    customerByExternalRef: t.field({
      type: 'Customer',
      nullable: true,
      authScopes: READ,
      description: "The customer another system knows by `externalId` (e.g. source \"pos\", the point of sale's id).",
      args: {
        source: t.arg.string({ required: true, description: 'The other system, e.g. "pos".' }),
        externalId: t.arg.string({ required: true, description: "The customer's id in that system." }),
      },
      resolve: (_root, args, context) => customerByExternalRef(context, args.source, args.externalId),
    }),
    customers: t.connection(
      {
        type: 'Customer',
        authScopes: READ,
        description:
          'Customers of your tenant, filtered and ordered (by their own fields or by any customer fact); page with `first`/`after`. A bad fact condition or sort fact is a VALIDATION error listing every problem at its path.',
        args: {
          filter: t.arg({ type: inputs.CustomerFilter, description: 'Which customers; every customer not archived when absent.' }),
          orderBy: t.arg({ type: inputs.CustomerOrder, description: 'Sort order; by display name, ascending, when absent.' }),
        },
        resolve: async (_root, args, context, info) => {
          const facts = checkCustomerFactQuery(args, composition.customerFacts, context.clock.now());
          const page = await customerPage(context, args, info, facts);
          // Counted only when asked for: the count reads every matching row, the page only 50.
          return { ...page, countAll: () => countCustomers(context, args.filter, facts) };
        },
      },
      {
        name: 'CustomerConnection',
        fields: (connection) => ({
          totalCount: connection.int({ resolve: (page) => (page as unknown as { countAll: () => Promise<number> }).countAll() }),
        }),
      },
      { name: 'CustomerEdge' },
    ),
  }));

  const CustomerPayload = builder.objectRef<{ customer: object }>('CustomerPayload').implement({
    description: 'The customer a mutation changed.',
    fields: (t) => ({
      customer: t.field({ type: 'Customer', description: 'The customer as stored after the change.', resolve: (payload) => payload.customer }),
    }),
  });

  builder.mutationFields((t) => ({
    updateCustomer: t.field({
      type: CustomerPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: "Changes a person's or organization's own fields; contact points, consents and memberships have their own mutations.",
      args: { input: t.arg({ type: inputs.UpdateCustomerInput, required: true, description: 'The customer and the fields to change.' }) },
      resolve: async (_root, args, context) => ({ customer: await updateCustomer(context, args.input as Record<string, unknown>) }),
    }),
    setLifecycle: t.field({
      type: CustomerPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Moves a customer between ACTIVE, INACTIVE and LOST, recording when.',
      args: {
        id: t.arg.id({ required: true, description: 'The customer (global id of a Person or Organization).' }),
        lifecycle: t.arg({ type: Lifecycle, required: true, description: 'The new lifecycle state.' }),
      },
      resolve: async (_root, args, context) => ({ customer: await setLifecycle(context, String(args.id), args.lifecycle) }),
    }),
    archiveCustomer: t.field({
      type: CustomerPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Hides a customer from lists and searches and frees its e-mails; history is kept.',
      args: { id: t.arg.id({ required: true, description: 'The customer to archive (global id of a Person or Organization).' }) },
      resolve: async (_root, args, context) => ({ customer: await archiveCustomer(context, String(args.id)) }),
    }),
  }));

  return Customer;
}

export type CustomerRef = ReturnType<typeof registerCustomer>;

/** A primary contact read along with its customer (null included: a customer without one), or else batched per request. */
function primaryContactOf(customer: CustomerRow, kind: 'EMAIL' | 'PHONE', context: Context, info: GraphQLResolveInfo): string | null | Promise<string | null> {
  const readAlongValue = valueReadAlong<string | null>(customer, info);
  return readAlongValue ? readAlongValue.value : primaryContacts(context).load(customer.id).then((found) => found[kind] ?? null);
}
