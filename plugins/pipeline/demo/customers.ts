import type { SeedContext } from '../../../src/plugin-api.ts';
import { readSeedCustomers, type SeedCustomer } from '../../profile/plugin.ts';

export type { SeedCustomer };

/** The profile seed's live customers a deal or lead may be about: lost customers buy nothing more. */
export async function readCustomers(context: SeedContext): Promise<SeedCustomer[]> {
  return (await readSeedCustomers(context)).filter((customer) => customer.lifecycle !== 'LOST');
}

/** How likely a customer is to be in a deal: businesses and key accounts far more than shoppers. */
export function dealWeight(customer: SeedCustomer): number {
  if (customer.audiences.includes('EMPLOYEE') || customer.audiences.includes('SUPPLIER')) return 0;
  const keyAccount = customer.audiences.includes('KEY_ACCOUNT') ? 3 : 1;
  return (customer.kind === 'ORGANIZATION' ? 8 : customer.audiences.includes('PROSPECT') ? 0.6 : 0.35) * keyAccount;
}
