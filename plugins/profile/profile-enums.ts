import type { Builder } from '../../src/plugin-api.ts';
import { Audience, ContactPointKind, CustomerKind, Lifecycle, OrganizationSize } from './store/enums.ts';

/** The direction of every sorted list; other areas' lists use it by name. */
export const OrderDirection = { ASC: 'ASC', DESC: 'DESC' } as const;

/**
 * The profile's enums that more than one of its types uses, or other areas use by name. Fields
 * refer to them by their enum object (`type: Audience`), so they resolve whatever the order.
 */
export function registerProfileEnums(builder: Builder): void {
  builder.enumType(CustomerKind, {
    name: 'CustomerKind',
    description: 'Whether a customer is a person or an organization.',
    values: { PERSON: { description: 'An individual (`Person`).' }, ORGANIZATION: { description: 'A company or institution (`Organization`).' } },
  });
  builder.enumType(Audience, {
    name: 'Audience',
    description: 'Who a customer is to the company; a customer can be several.',
    values: {
      PROSPECT: { description: 'Not yet bought: a lead or someone being courted.' },
      CUSTOMER: { description: 'Buys, or has bought recently.' },
      FORMER_CUSTOMER: { description: 'Used to buy and no longer does.' },
      EMPLOYEE: { description: "Works for the company itself (e.g. for staff purchases)." },
      PRESCRIBER: { description: 'Recommends the company to others without buying (an architect, a consultant …).' },
      KEY_ACCOUNT: { description: 'A customer managed with special attention by an account owner.' },
      SUPPLIER: { description: 'Sells to the company.' },
    },
  });
  builder.enumType(Lifecycle, {
    name: 'Lifecycle',
    description: 'Whether the relationship is alive; changed with `setLifecycle`, which records when.',
    values: {
      ACTIVE: { description: 'A current relationship (the default for new customers).' },
      INACTIVE: { description: 'Dormant: no recent business, but not lost.' },
      LOST: { description: 'The customer has left or was lost to a competitor.' },
    },
  });
  builder.enumType(OrganizationSize, {
    name: 'OrganizationSize',
    description: 'Head-count band of an organization (EU SME bands, employees).',
    values: {
      MICRO: { description: 'Fewer than 10 employees.' },
      SMALL: { description: '10 to 49 employees.' },
      MEDIUM: { description: '50 to 249 employees.' },
      LARGE: { description: '250 to 999 employees.' },
      ENTERPRISE: { description: '1,000 employees or more.' },
    },
  });
  builder.enumType(ContactPointKind, {
    name: 'ContactPointKind',
    description: 'What kind of contact point it is.',
    values: {
      EMAIL: { description: 'An e-mail address, stored lower-cased.' },
      PHONE: { description: 'A phone number, stored in E.164.' },
      ADDRESS: { description: 'A postal address, in its street, postal code, city, region and country fields.' },
    },
  });
  builder.enumType(OrderDirection, {
    name: 'OrderDirection',
    description: 'Sort direction.',
    values: { ASC: { description: 'Smallest, oldest or A first.' }, DESC: { description: 'Largest, newest or Z first.' } },
  });
}
