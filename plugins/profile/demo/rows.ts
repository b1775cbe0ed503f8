import type { Audience, Lifecycle, OrganizationSize } from './lifecycle.ts';

// Rows exactly as they go into the profile tables: column names as keys, timestamps as ISO
// strings (UTC, like Prisma writes them). Every row of a table carries every column.

export interface CustomerRow {
  id: string;
  tenantId: string;
  kind: 'PERSON' | 'ORGANIZATION';
  displayName: string;
  audiences: Audience[];
  lifecycle: Lifecycle;
  lifecycleChangedAt: string;
  ownerId: string | null;
  language: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
  firstName: string | null;
  lastName: string | null;
  birthDate: string | null;
  legalName: string | null;
  taxId: string | null;
  industry: string | null;
  size: OrganizationSize | null;
  traits: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface ContactPointRow {
  id: string;
  tenantId: string;
  customerId: string;
  kind: 'EMAIL' | 'PHONE' | 'ADDRESS';
  value: string;
  label: string | null;
  isPrimary: boolean;
  isActive: boolean;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  createdAt: string;
}

export interface ConsentRow {
  id: string;
  tenantId: string;
  customerId: string;
  channel: 'EMAIL' | 'SMS' | 'PHONE' | 'POST';
  status: 'GRANTED' | 'WITHDRAWN';
  changedAt: string;
  source: string | null;
}

export interface ExternalRefRow {
  id: string;
  tenantId: string;
  customerId: string;
  source: string;
  externalId: string;
  createdAt: string;
}

export interface MembershipRow {
  id: string;
  tenantId: string;
  personId: string;
  organizationId: string;
  role: string | null;
  title: string | null;
  isPrimary: boolean;
  startedAt: string | null;
  createdAt: string;
}

/** A customer with the rows that hang off it. */
export interface DemoCustomer {
  customer: CustomerRow;
  contactPoints: ContactPointRow[];
  consents: ConsentRow[];
  externalRefs: ExternalRefRow[];
}
