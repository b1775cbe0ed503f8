import { renderAddress } from '../contact-normalization.ts';
import type { PostalAddress } from './addresses.ts';
import type { ExternalKey } from './external-refs.ts';
import type { DemoKit } from './kit.ts';
import { between, chance, uuidV7 } from './random.ts';
import type { ConsentRow, ContactPointRow, CustomerRow, ExternalRefRow } from './rows.ts';

// The rows that hang off one customer: contact points, consents and source keys.

export type NewContactPoint =
  | { kind: 'EMAIL' | 'PHONE'; value: string; label: string | null }
  | { kind: 'ADDRESS'; label: string | null; address: PostalAddress };

/**
 * The customer's contact points in order of preference: the first of each kind is the primary,
 * the rest were added later in the customer's life.
 */
export function contactPointRows(kit: DemoKit, customer: CustomerRow, points: readonly NewContactPoint[]): ContactPointRow[] {
  const seen = new Set<ContactPointRow['kind']>();
  return points.map((point): ContactPointRow => {
    const isPrimary = !seen.has(point.kind);
    seen.add(point.kind);
    const createdAt = isPrimary ? new Date(customer.createdAt) : between(kit.faker, new Date(customer.createdAt), new Date(customer.updatedAt));
    const address = point.kind === 'ADDRESS' ? point.address : undefined;
    return {
      id: uuidV7(kit.faker, createdAt),
      tenantId: kit.tenantId,
      customerId: customer.id,
      kind: point.kind,
      value: point.kind === 'ADDRESS' ? renderAddress(point.address) : point.value,
      label: point.label,
      isPrimary,
      isActive: true,
      street: address?.street ?? null,
      postalCode: address?.postalCode ?? null,
      city: address?.city ?? null,
      region: address?.region ?? null,
      country: address?.country ?? null,
      createdAt: createdAt.toISOString(),
    };
  });
}

const CONSENT_SOURCES = ['web-form', 'pos', 'callcenter', 'ecommerce-checkout', 'loyalty-signup', 'paper-form'];

/**
 * Consent for the channels the customer can be reached on. Lost customers withdrew more often,
 * mostly when they left.
 */
export function consentRows(kit: DemoKit, customer: CustomerRow, points: readonly ContactPointRow[], coverage: number): ConsentRow[] {
  const { faker } = kit;
  if (!chance(faker, coverage)) return [];
  const has = (kind: ContactPointRow['kind'], label?: string) => points.some((point) => point.kind === kind && (!label || point.label === label));
  const channels: ConsentRow['channel'][] = [];
  if (has('EMAIL')) channels.push('EMAIL');
  if (has('PHONE', 'mobile')) channels.push('SMS');
  if (has('PHONE')) channels.push('PHONE');
  if (has('ADDRESS')) channels.push('POST');
  const withdrawn = customer.lifecycle === 'LOST' ? 0.6 : 0.25;
  return channels
    .filter(() => chance(faker, 0.75))
    .map((channel): ConsentRow => {
      const changedAt = between(faker, new Date(customer.createdAt), kit.now);
      return {
        id: uuidV7(faker, changedAt),
        tenantId: kit.tenantId,
        customerId: customer.id,
        channel,
        status: chance(faker, withdrawn) ? 'WITHDRAWN' : 'GRANTED',
        changedAt: changedAt.toISOString(),
        source: faker.helpers.arrayElement(CONSENT_SOURCES),
      };
    });
}

/** The first key is the system the customer came from; the others matched it later. */
export function externalRefRows(kit: DemoKit, customer: CustomerRow, keys: readonly ExternalKey[]): ExternalRefRow[] {
  return keys.map((key, index) => {
    const createdAt = index === 0 ? new Date(customer.createdAt) : between(kit.faker, new Date(customer.createdAt), new Date(customer.updatedAt));
    return {
      id: uuidV7(kit.faker, createdAt),
      tenantId: kit.tenantId,
      customerId: customer.id,
      source: key.source,
      externalId: key.externalId,
      createdAt: createdAt.toISOString(),
    };
  });
}
