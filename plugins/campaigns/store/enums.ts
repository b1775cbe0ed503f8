// The area's enums as Prisma generates them from prisma/models/campaigns.prisma: the area's only
// door to the generated client's enums.
export {
  CampaignChannel,
  CampaignExclusionReason,
  CampaignKind,
  CampaignRecipientOutcome,
  CampaignRecurrence,
  CampaignRunStatus,
  CampaignStatus,
} from '../../../src/generated/prisma/enums.ts';
