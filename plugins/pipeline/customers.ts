import type { Context } from '../../src/plugin-api.ts';
import type { CustomerKind } from '../profile/plugin.ts';
import { customerGlobalId, loadCustomer, type CustomerRow } from '../profile/plugin.ts';

/** A customer as a sales record's events name it: its row id and kind. */
export interface CustomerKey {
  id: string;
  kind: CustomerKind;
}

/**
 * The customer a sales record points at (archived ones too), through the profile's loader: every
 * customer a request reads, for its events or its answer, comes in one statement.
 */
export async function customerOf(context: Context, id: string): Promise<CustomerRow> {
  const customer = await loadCustomer(context, id);
  // The record's foreign key keeps its customer, in the record's own tenant.
  if (!customer) throw new Error(`Customer ${id} of a sales record is not in the viewer's tenant`);
  return customer;
}

/** The customer of a record that may have none. */
export function optionalCustomerOf(context: Context, id: string | null): Promise<CustomerRow | null> {
  return id === null ? Promise.resolve(null) : customerOf(context, id);
}

/** Where a sales record's event lands on a timeline: its customer's. */
export function timelineOf(customer: CustomerKey | null): { id: string; nodeId: string } | null {
  return customer ? { id: customer.id, nodeId: customerGlobalId(customer) } : null;
}
