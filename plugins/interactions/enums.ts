import type { Builder } from '../../src/plugin-api.ts';
import { InteractionChannel, InteractionDirection, InteractionKind } from './store/enums.ts';

export type InteractionEnums = ReturnType<typeof registerInteractionEnums>;

/** Where, which way and about what a contact was: shared by interactions, their inputs and their facts. */
export function registerInteractionEnums(builder: Builder) {
  const Channel = builder.enumType(InteractionChannel, {
    name: 'InteractionChannel',
    description: 'Where the contact happened.',
    values: {
      POINT_OF_SALE: { description: 'At a till in a store.' },
      COMPLAINT_DESK: { description: "At a store's complaints or customer-service desk." },
      CALL_CENTER_INBOUND: { description: 'A call the customer made to the call center.' },
      CALL_CENTER_OUTBOUND: { description: 'A call the call center made to the customer.' },
      EMAIL: { description: 'An e-mail, either way.' },
      WEB: { description: 'On the website (a form, an order, an account page).' },
      MOBILE_APP: { description: "In the company's mobile app." },
      CHAT: { description: 'A live or bot chat conversation.' },
      SMS: { description: 'A text message, either way.' },
      SOCIAL: { description: 'A social network: a message, a mention or a comment.' },
      IVR: { description: 'The automated phone menu, without reaching an agent.' },
      LOYALTY_PROGRAM: { description: 'Through the loyalty program: a card scan, points, a reward.' },
      SATISFACTION_SURVEY: { description: 'A satisfaction survey the customer answered.' },
      FIELD_VISIT: { description: "A visit by the company's staff to the customer's premises." },
      POSTAL_MAIL: { description: 'A letter or printed mailing, either way.' },
    },
  });
  const Direction = builder.enumType(InteractionDirection, {
    name: 'InteractionDirection',
    description: 'Who started the contact.',
    values: {
      INBOUND: { description: 'The customer reached the company.' },
      OUTBOUND: { description: 'The company reached the customer.' },
    },
  });
  const Kind = builder.enumType(InteractionKind, {
    name: 'InteractionKind',
    description: 'What the contact was about.',
    values: {
      PURCHASE: { description: 'The customer bought something (may carry an amount and product lines).' },
      INQUIRY: { description: 'A question or request for information.' },
      COMPLAINT: { description: 'The customer complained.' },
      VISIT: { description: 'A visit, to a store or by a sales representative, with no purchase recorded.' },
      CAMPAIGN_CONTACT: { description: 'A marketing campaign reached the customer (its metadata names the campaign).' },
      CAMPAIGN_RESPONSE: { description: 'A response to a marketing campaign (a click, a coupon, a reply).' },
      SURVEY_RESPONSE: { description: 'An answer to a survey (may carry a score).' },
      SERVICE: { description: 'After-sales service: a repair, an installation, a return.' },
      OTHER: { description: 'Anything else.' },
    },
  });

  return { Channel, Direction, Kind };
}
