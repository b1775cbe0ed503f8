import { z } from 'zod';
import type { Builder } from '../../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { customerGlobalId, resolveCustomerReferences } from '../../profile/plugin.ts';
import { MANAGE, READ } from '../access.ts';
import { customerDiscountSet } from '../events.ts';
import { parseGlobalId } from '../ids.ts';
import { percentSchema } from '../money.ts';
import { customerDiscounts } from '../store/customer-discounts.ts';

const setDiscountSchema = z.object({ customerId: z.string(), productId: z.string().nullish(), percent: percentSchema.nullish() });

/**
 * Negotiated discounts per customer: on one product, or on everything. An offer line takes the
 * customer's discount for its product, else the customer's general one.
 */
export function registerCustomerDiscount(builder: Builder): void {
  builder.prismaObject('CustomerDiscount', {
    authScopes: READ,
    description: "A customer's negotiated discount on one product, or on every product (product null).",
    fields: (t) => ({
      product: t.relation('product', { nullable: true, description: 'The product it applies to; null for a discount on every product.' }),
      percent: t.string({ description: 'e.g. "12.50".', resolve: (discount) => discount.percent.toFixed(2) }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it was last set, UTC.' }),
    }),
  });

  builder.interfaceField('Customer', 'discounts', (t) =>
    t.field({
      type: ['CustomerDiscount'],
      authScopes: READ,
      description: 'Negotiated discounts: the general one first, then per product.',
      resolve: (customer, _args, context) => customerDiscounts(context).load((customer as { id: string }).id),
    }),
  );

  const SetCustomerDiscountInput = builder.inputType('SetCustomerDiscountInput', {
    description: "A customer's negotiated discount, general or for one product.",
    fields: (t) => ({
      customerId: t.id({ required: true, description: 'The customer (global id of a Person or Organization).' }),
      productId: t.id({ description: 'Omit for a discount on every product.' }),
      percent: t.string({ description: '0 to 100, at most 2 decimals; null removes the discount.' }),
    }),
  });
  const Payload = builder.objectRef<{ customer: object }>('SetCustomerDiscountPayload').implement({
    description: 'The customer, with its discounts as they are now.',
    fields: (t) => ({ customer: t.field({ type: 'Customer', description: 'The customer; read `discounts` for the result.', resolve: (payload) => payload.customer }) }),
  });

  builder.mutationField('setCustomerDiscount', (t) =>
    t.field({
      type: Payload,
      authScopes: MANAGE,
      errors: { types: [ValidationError, NotFoundError, ConflictError, ForbiddenError] },
      description: 'Sets or removes a customer discount. New offer lines use it; lines already written keep theirs.',
      args: { input: t.arg({ type: SetCustomerDiscountInput, required: true, description: 'The customer, the product (or none) and the percent.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(setDiscountSchema, args.input);
        const productId = input.productId ? parseGlobalId(input.productId, 'Product', ['input', 'productId']) : null;
        const tenantId = viewerOf(context).tenantId;
        const customer = await context.mutate(async (db) => {
          const [customer] = await resolveCustomerReferences(context, [{ id: input.customerId }]);
          if (!customer) throw new NotFoundError('Customer', input.customerId);
          if (productId && !(await db.product.findUnique({ where: { tenantId_id: { tenantId, id: productId } }, select: { id: true } }))) {
            throw new NotFoundError('Product', input.productId!);
          }
          await db.customerDiscount.deleteMany({ where: { tenantId, customerId: customer.id, productId } });
          if (input.percent != null) await db.customerDiscount.create({ data: { tenantId, customerId: customer.id, productId, percent: input.percent } });
          await context.events.emit(customerDiscountSet, {
            subjectId: customerGlobalId(customer),
            customer: { id: customer.id, nodeId: customerGlobalId(customer) },
            payload: { productId: input.productId ?? null, percent: input.percent ?? null },
          });
          return customer;
        });
        return { customer };
      },
    }),
  );
}
