import { defineTopic } from '../../src/plugin-api.ts';

/** A campaign's own changes: saved, scheduled, launched (a run began), completed, cancelled. */
export const campaignSaved = defineTopic<{ name: string; kind: string; status: string; change: 'CREATED' | 'UPDATED' | 'SCHEDULED' | 'COMPLETED' | 'CANCELLED' }>('campaign.saved');
/** A run began: its audience snapshot was taken. */
export const campaignLaunched = defineTopic<{ campaignId: string; name: string; runId: string; step: string; audience: number }>('campaign.launched');
/** A run decided every customer of its audience. */
export const campaignRunCompleted = defineTopic<{ campaignId: string; name: string; runId: string; step: string; contacted: number; control: number; excluded: number }>('campaign.runCompleted');
/** One contact made to a customer (on their timeline); delivery is for a sender to do. */
export const campaignContactSent = defineTopic<{ campaignId: string; campaignName: string; channel: string; step: string; variant: string | null; interactionId: string }>('campaign.contactSent');
/** A customer's purchase or won deal within the attribution window of a touch of the campaign. */
export const campaignConverted = defineTopic<{ campaignId: string; campaignName: string; source: 'PURCHASE' | 'DEAL_WON'; sourceId: string; amount: string; currency: string }>('campaign.converted');

export const campaignTopics = {
  [campaignSaved.name]: 'A campaign was created, changed, scheduled, completed or cancelled.',
  [campaignLaunched.name]: "A campaign's run began: its audience was taken.",
  [campaignRunCompleted.name]: "A campaign's run decided every customer of its audience.",
  [campaignContactSent.name]: 'A campaign contacted a customer on a channel (a sender delivers it).',
  [campaignConverted.name]: 'A customer converted (a purchase or a won deal) within the attribution window of a campaign that touched them.',
} as const;
