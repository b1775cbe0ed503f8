// The area's enums as Prisma generates them from prisma/models/pipeline.prisma: the area's only door to
// the generated client's enums (other areas get them from this area's plugin.ts).
export { LeadSource, LeadStatus, LeadDisqualificationReason, OpportunityStage, OpportunityLostReason, ProductAvailability, OfferStatus, SalesActivityKind, SalesActivityStatus } from '../../../src/generated/prisma/enums.ts';
