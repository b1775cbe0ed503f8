import type { Context } from '../../src/plugin-api.ts';
import { parseInput } from '../../src/plugin-api.ts';
import { customerGlobalId, requireCustomer } from './customer-ids.ts';
import { consentChanged } from './events.ts';
import { setConsentSchema } from './profile-inputs.ts';

/** `setConsent`: one consent per customer and channel, replaced as of now. */
export async function setConsent(context: Context, given: unknown) {
  const input = parseInput(setConsentSchema, given);
  return context.mutate(async (db) => {
    const customer = await requireCustomer(context, input.customerId, ['input', 'customerId']);
    const changedAt = context.clock.now();
    const consent = await db.consent.upsert({
      where: { customerId_channel: { customerId: customer.id, channel: input.channel } },
      create: { tenantId: customer.tenantId, customerId: customer.id, channel: input.channel, status: input.status, changedAt, source: input.source ?? null },
      update: { status: input.status, changedAt, source: input.source ?? null },
    });
    await context.events.emit(consentChanged, {
      subjectId: customerGlobalId(customer),
      customer: { id: customer.id, nodeId: customerGlobalId(customer) },
      payload: { channel: input.channel, status: input.status },
    });
    return { consent, customer };
  });
}
