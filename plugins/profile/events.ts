import { defineTopic } from '../../src/plugin-api.ts';

/** What changed on a profile; the payload names the fields so timelines can say it in words. */
export const customerCreated = defineTopic<{ kind: string; displayName: string }>('customer.created');
export const customerUpdated = defineTopic<{ changed: string[] }>('customer.updated');
export const customerArchived = defineTopic<{ displayName: string }>('customer.archived');
export const lifecycleChanged = defineTopic<{ from: string; to: string }>('customer.lifecycleChanged');
export const contactPointAdded = defineTopic<{ kind: string; value: string; isPrimary: boolean }>('customer.contactPointAdded');
export const contactPointRemoved = defineTopic<{ kind: string; value: string }>('customer.contactPointRemoved');
export const consentChanged = defineTopic<{ channel: string; status: string }>('customer.consentChanged');
export const membershipLinked = defineTopic<{ personId: string; organizationId: string; role: string | null }>('customer.membershipLinked');
export const membershipUnlinked = defineTopic<{ personId: string; organizationId: string }>('customer.membershipUnlinked');

export const profileTopics = {
  [customerCreated.name]: 'A person or organization was added to the tenant.',
  [customerUpdated.name]: 'Profile fields of a customer changed.',
  [customerArchived.name]: 'A customer was archived: hidden from lists, its e-mail free for reuse.',
  [lifecycleChanged.name]: 'A customer moved between ACTIVE, INACTIVE and LOST.',
  [contactPointAdded.name]: 'An e-mail, phone or postal address was added.',
  [contactPointRemoved.name]: 'An e-mail, phone or postal address was removed.',
  [consentChanged.name]: 'Consent for a channel was given or withdrawn.',
  [membershipLinked.name]: 'A person was linked to an organization.',
  [membershipUnlinked.name]: 'A person was unlinked from an organization.',
} as const;
