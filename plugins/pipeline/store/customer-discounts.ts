import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context, Prisma } from '../../../src/plugin-api.ts';
import { Decimal } from '../../../src/plugin-api.ts';

type CustomerDiscountRow = Prisma.CustomerDiscountModel;

/**
 * The request's loader of customers' negotiated discounts, keyed by customer row id: every
 * customer a request shows in one statement, each one's general discount first, then per product.
 */
export const customerDiscounts = createContextCache(
  (context: Context) =>
    new DataLoader<string, CustomerDiscountRow[]>(async (customerIds) => {
      const byCustomer = await readCustomerDiscounts(context, customerIds);
      return customerIds.map((id) => byCustomer.get(id) ?? []);
    }),
);

async function readCustomerDiscounts(context: Context, customerIds: readonly string[]): Promise<Map<string, CustomerDiscountRow[]>> {
  const rows = await context.sql.query<Omit<CustomerDiscountRow, 'percent'> & { percent: string }>(
    `SELECT d.* FROM "CustomerDiscount" d
     WHERE d."tenantId" = current_setting('app.tenant_id') AND d."customerId" = ANY($1::uuid[])
     ORDER BY d."customerId", d."productId" ASC NULLS FIRST`,
    [customerIds],
  );
  const byCustomer = new Map<string, CustomerDiscountRow[]>();
  for (const row of rows) {
    const discounts = byCustomer.get(row.customerId) ?? [];
    // As Prisma reads a discount: numeric arrives as text.
    discounts.push({ ...row, percent: new Decimal(row.percent) });
    byCustomer.set(row.customerId, discounts);
  }
  return byCustomer;
}
