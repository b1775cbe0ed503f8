import { decodeGlobalID } from '@pothos/plugin-relay';
import { isUuid, type ActivityEvent, type EventReaction } from '../../../src/plugin-api.ts';
import { campaignGlobalId } from '../ids.ts';
import { campaignConverted } from '../events.ts';
import { recordCampaignConversions } from '../store/return-conversions.ts';

/**
 * The events that may be conversions: every recorded interaction (purchases among them) and won
 * deals (those of the sales area, which come only where it is enabled).
 */
const PURCHASE_TOPIC = 'interaction.recorded';
const DEAL_WON_TOPIC = 'opportunity.won';

/**
 * Emits `campaign.converted` once per conversion (a purchase, or a won deal where the sales area
 * is enabled) and campaign that touched the customer within its window before it. Which events
 * convert is read from the conversions themselves (a recorded interaction that is no purchase
 * with an amount finds none), so the rules stay those of the measured return.
 */
export function conversionReaction(): EventReaction {
  return {
    description: 'Counts purchases and won deals for the campaigns that touched the customer within their window, and emits campaign.converted once per conversion and campaign.',
    topics: [PURCHASE_TOPIC, DEAL_WON_TOPIC],
    async handle(scope, events) {
      const withDeals = events.some((event) => event.topic === DEAL_WON_TOPIC);
      const bySource = new Map<string, ActivityEvent>();
      for (const event of events) {
        const rowId = rowIdOf(event);
        if (rowId) bySource.set(rowId, event);
      }
      const converted = await recordCampaignConversions(scope.sql, [...bySource.keys()], withDeals);
      await scope.events.emitMany(
        campaignConverted,
        converted.map((conversion) => {
          const event = bySource.get(conversion.sourceId)!;
          return {
            subjectId: campaignGlobalId('Campaign', conversion.campaignId),
            customer: event.customerId && event.customerNodeId ? { id: event.customerId, nodeId: event.customerNodeId } : null,
            occurredAt: conversion.convertedAt,
            payload: {
              campaignId: campaignGlobalId('Campaign', conversion.campaignId),
              campaignName: conversion.campaignName,
              source: conversion.source,
              sourceId: event.subjectId,
              amount: conversion.amount,
              currency: conversion.currency,
            },
          };
        }),
      );
    },
  };
}

/** The row id of the interaction or opportunity an event is about (its subject is their global id). */
function rowIdOf(event: ActivityEvent): string | null {
  const expected = event.topic === DEAL_WON_TOPIC ? 'Opportunity' : 'Interaction';
  try {
    const { typename, id } = decodeGlobalID(event.subjectId);
    return typename === expected && isUuid(id) ? id.toLowerCase() : null;
  } catch {
    return null;
  }
}
