import type { Builder } from '../../src/plugin-api.ts';
import { CampaignChannel, CampaignExclusionReason, CampaignKind, CampaignRecipientOutcome, CampaignRecurrence, CampaignRunStatus, CampaignStatus } from './store/enums.ts';

const KIND = {
  WELCOME: 'Welcomes a new customer in the first days.',
  UP_SELLING: 'Offers a better version of what the customer has.',
  CROSS_SELLING: 'Offers what goes with what the customer bought.',
  RETENTION: 'Keeps customers who show signs of leaving.',
  WIN_BACK: 'Brings back customers who stopped buying.',
  SERVICE_SCHEDULING: 'Reminds of maintenance or service that is due.',
  LOYALTY: 'Rewards loyal customers (points, privileges).',
  SEASONAL: 'Seasonal products (summer, Christmas, back to school).',
  BIRTHDAY: "On the customer's birthday (recurring).",
  DATE_REMINDER: 'A date that matters to the customer (an anniversary, a renewal).',
  EVENT: 'Invites to an event or a promotion day.',
  PROMOTION: 'A promotion or discount.',
  DIGITAL_BANNER: 'Banners shown to known customers on the website or the app.',
  PRINT: 'Printed mailings.',
  TELEMARKETING: 'Calls from the call center.',
} as const;

const STATUS = {
  DRAFT: 'Being prepared: everything can change.',
  SCHEDULED: 'Ready, waiting for its start.',
  RUNNING: 'Launched: its audience was taken and contacted (a recurring campaign contacts each period).',
  COMPLETED: 'Over: no more contacts; responses and conversions within the window still count.',
  CANCELLED: 'Stopped before or while running; what was sent stays recorded.',
} as const;

const CHANNEL = {
  EMAIL: 'E-mail (needs consent for e-mail and an active e-mail address).',
  SMS: 'Text message (needs consent for SMS and a phone).',
  PHONE: 'A call from the call center (needs consent for phone and a phone).',
  POST: 'Printed mail (needs consent for post and an address).',
  WEB: 'A banner on the website for known visitors (no consent channel; suppression and the cap apply).',
  MOBILE_APP: 'A message in the mobile app (no consent channel; suppression and the cap apply).',
} as const;

const RECURRENCE = {
  NONE: 'Launched once.',
  DAILY: 'A fresh audience every day (birthdays: whose birthday it is).',
  WEEKLY: 'A fresh audience every week.',
  MONTHLY: 'A fresh audience every month.',
} as const;

const OUTCOME = {
  CONTACTED: 'Contacted: an outbound interaction was recorded.',
  CONTROL: 'In the control group: deliberately not contacted, to measure the lift.',
  EXCLUDED: 'Left out, for the reason given.',
} as const;

const EXCLUSION = {
  NO_CONSENT: 'The customer never gave consent for the channel.',
  CONSENT_WITHDRAWN: 'The customer withdrew consent for the channel.',
  SUPPRESSED: "The customer (or their address) is on the tenant's suppression list.",
  FREQUENCY_CAP: 'The customer already had as many marketing contacts as the cap allows in its period.',
  NO_CONTACT_POINT: 'The customer has no e-mail, phone or address for the channel.',
} as const;

const RUN_STATUS = {
  RUNNING: 'Contacting its audience, batch by batch (resumed after a restart).',
  COMPLETED: 'Every customer of the audience was decided.',
  STOPPED: 'Its campaign was cancelled or completed before every customer was decided: no more contacts.',
} as const;

const described = <Values extends string>(descriptions: Record<Values, string>) =>
  Object.fromEntries(Object.entries(descriptions).map(([value, description]) => [value, { description }])) as Record<Values, { description: string }>;

/** The campaigns area's enums, registered once and shared by its types. */
export function registerCampaignEnums(builder: Builder) {
  const check = <T extends Record<string, string>>(_values: T, descriptions: Record<keyof T, string>) => descriptions;
  return {
    Kind: builder.enumType('CampaignKind', { description: 'What a campaign is for (the campaigns the source documents list).', values: described(check(CampaignKind, KIND)) }),
    Status: builder.enumType('CampaignStatus', { description: 'Where a campaign is: draft → scheduled → running → completed, or cancelled.', values: described(check(CampaignStatus, STATUS)) }),
    Channel: builder.enumType('CampaignChannel', { description: 'How a campaign reaches a customer.', values: described(check(CampaignChannel, CHANNEL)) }),
    Recurrence: builder.enumType('CampaignRecurrence', { description: 'Whether a campaign takes a fresh audience each period.', values: described(check(CampaignRecurrence, RECURRENCE)) }),
    Outcome: builder.enumType('CampaignRecipientOutcome', { description: 'What a launch decided for one customer on one channel.', values: described(check(CampaignRecipientOutcome, OUTCOME)) }),
    ExclusionReason: builder.enumType('CampaignExclusionReason', { description: 'Why a customer was left out of a channel of a campaign.', values: described(check(CampaignExclusionReason, EXCLUSION)) }),
    RunStatus: builder.enumType('CampaignRunStatus', { description: 'Where a launch (or one period of a recurring campaign) is.', values: described(check(CampaignRunStatus, RUN_STATUS)) }),
  };
}

export type CampaignEnums = ReturnType<typeof registerCampaignEnums>;
