import type { InputRef } from '@pothos/core';
import type { Builder } from '../../src/plugin-api.ts';
import {
  LeadDisqualificationReason, LeadSource, LeadStatus, OfferStatus, OpportunityLostReason, OpportunityStage, ProductAvailability,
  SalesActivityKind, SalesActivityStatus,
} from '../../src/plugin-api.ts';

/** Where an opportunity stands, without the detail of the stage. */
export const OPPORTUNITY_STATUSES = ['OPEN', 'WON', 'LOST'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];

/** The sales area's enums, registered once and handed to the files that use them. */
export function registerPipelineEnums(builder: Builder) {
  return {
    Stage: builder.enumType(OpportunityStage, {
      name: 'OpportunityStage',
      description: 'The pipeline stages in order: 1 prospect, 2 potential lead, 3 qualification, 4 opportunity, 5 offer development, 6 shortlist, 7 negotiation, 8 closed won or closed lost.',
    }),
    Status: builder.enumType('OpportunityStatus', { values: OPPORTUNITY_STATUSES, description: 'OPEN in stages 1 to 7, WON or LOST once closed.' }),
    LostReason: builder.enumType(OpportunityLostReason, { name: 'OpportunityLostReason' }),
    LeadSource: builder.enumType(LeadSource, { name: 'LeadSource', description: 'The channel the interest came through.' }),
    LeadStatus: builder.enumType(LeadStatus, { name: 'LeadStatus' }),
    DisqualificationReason: builder.enumType(LeadDisqualificationReason, { name: 'LeadDisqualificationReason' }),
    Availability: builder.enumType(ProductAvailability, { name: 'ProductAvailability', description: 'Whether the sales force can promise the product; DISCONTINUED products cannot be offered.' }),
    OfferStatus: builder.enumType(OfferStatus, { name: 'OfferStatus', description: 'DRAFT (lines editable) → SENT → ACCEPTED or REJECTED.' }),
    ActivityKind: builder.enumType(SalesActivityKind, { name: 'SalesActivityKind' }),
    ActivityStatus: builder.enumType(SalesActivityStatus, { name: 'SalesActivityStatus' }),
    // The profile's OrderDirection, shared by every list: named, since only its name crosses plugins.
    Direction: 'OrderDirection' as unknown as InputRef<'ASC' | 'DESC'>,
  };
}

export type PipelineEnums = ReturnType<typeof registerPipelineEnums>;
