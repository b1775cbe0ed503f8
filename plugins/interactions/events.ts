import { encodeGlobalID } from '@pothos/plugin-relay';
import { defineTopic, type Prisma } from '../../src/plugin-api.ts';
import { customerGlobalId, type CustomerRow } from '../profile/plugin.ts';

/** What a timeline or a live dashboard needs to show an interaction without loading it. */
export interface InteractionRecordedPayload extends Record<string, unknown> {
  channel: string;
  kind: string;
  direction: string;
  summary: string | null;
  /** Decimal as text, e.g. "49.90". */
  amount: string | null;
  currency: string | null;
  surveyScore: number | null;
  source: string;
  externalId: string;
}

export const interactionRecorded = defineTopic<InteractionRecordedPayload>('interaction.recorded');

export const interactionTopics = {
  [interactionRecorded.name]: 'A contact with a customer was recorded (a purchase, a call, a complaint, a survey answer …).',
} as const;

type InteractionRow = Prisma.InteractionModel;

export function interactionGlobalId(interaction: { id: string }): string {
  return encodeGlobalID('Interaction', interaction.id);
}

/** The `interaction.recorded` event of a stored interaction: on its customer's timeline, dated when it happened. */
export function interactionRecordedEvent(interaction: InteractionRow, customer: Pick<CustomerRow, 'id' | 'kind'>) {
  return {
    subjectId: interactionGlobalId(interaction),
    customer: { id: customer.id, nodeId: customerGlobalId(customer) },
    channel: interaction.channel,
    kind: interaction.kind,
    occurredAt: interaction.occurredAt,
    payload: {
      channel: interaction.channel,
      kind: interaction.kind,
      direction: interaction.direction,
      summary: interaction.summary,
      amount: interaction.amount === null ? null : interaction.amount.toFixed(2),
      currency: interaction.currency,
      surveyScore: interaction.surveyScore,
      source: interaction.source,
      externalId: interaction.externalId,
    },
  };
}
