import type { CampaignChannel } from './store/enums.ts';

/** What a campaign channel is in the other areas: the interaction it records and the consent it needs. */
export interface ChannelMapping {
  /** The interactions area's channel of the contact. */
  interactionChannel: 'EMAIL' | 'SMS' | 'CALL_CENTER_OUTBOUND' | 'POSTAL_MAIL' | 'WEB' | 'MOBILE_APP';
  /** The profile's consent channel that must be GRANTED; null where the channel has none (banners, in-app). */
  consentChannel: 'EMAIL' | 'SMS' | 'PHONE' | 'POST' | null;
  /** The contact point the channel needs; null where it needs none. */
  contactPoint: 'EMAIL' | 'PHONE' | 'ADDRESS' | null;
}

export const CHANNELS: Readonly<Record<CampaignChannel, ChannelMapping>> = {
  EMAIL: { interactionChannel: 'EMAIL', consentChannel: 'EMAIL', contactPoint: 'EMAIL' },
  SMS: { interactionChannel: 'SMS', consentChannel: 'SMS', contactPoint: 'PHONE' },
  PHONE: { interactionChannel: 'CALL_CENTER_OUTBOUND', consentChannel: 'PHONE', contactPoint: 'PHONE' },
  POST: { interactionChannel: 'POSTAL_MAIL', consentChannel: 'POST', contactPoint: 'ADDRESS' },
  WEB: { interactionChannel: 'WEB', consentChannel: null, contactPoint: null },
  MOBILE_APP: { interactionChannel: 'MOBILE_APP', consentChannel: null, contactPoint: null },
};
