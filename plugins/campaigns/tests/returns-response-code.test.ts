import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { createPerson, DAY, mutate } from './api-support.ts';

// A campaign's response code links what customers do to it without a contact: a visit quoting
// the code is a response (a touch), and a purchase quoting it touches and converts at once. The code
// is one per campaign of a tenant, in any case.

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateCampaignInput!) {
    createCampaign(input: $input) {
      __typename
      ... on CampaignPayload { campaign { id responseCode } }
      ... on ConflictError { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`;
const RECORD = /* GraphQL */ `
  mutation Record($input: RecordInteractionInput!) { recordInteraction(input: $input) { __typename ... on Error { message } } }
`;
const RETURNS = /* GraphQL */ `
  query Returns($from: Date!, $to: Date!) {
    campaignReturns(from: $from, to: $to, model: LAST_TOUCH, groupBy: CAMPAIGN) { key conversions attributedRevenue { currency amount } }
  }
`;

// A year no seeded history reaches: the test's interactions are the only ones in it.
const START = Date.UTC(2036, 3, 6, 10);
const at = (days: number) => new Date(START + days * DAY);

describe("a campaign's response code", () => {
  let server: TestServer;
  let campaignId: string;

  beforeAll(async () => {
    server = await startTestServer({ clock: manualClock(at(30)) });
    const created = await mutate(server, CREATE, { input: { name: 'Spring coupon', kind: 'PROMOTION', responseCode: ' spring-36 ', attributionWindowDays: 14 } }, 'CampaignPayload');
    campaignId = created.campaign.id;
    expect(created.campaign.responseCode).toBe('SPRING-36');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('is one per campaign of the tenant, in any case, and must look like a code', async () => {
    const taken = await server.graphql(CREATE, { input: { name: 'Another spring', kind: 'PROMOTION', responseCode: 'Spring-36' } });
    expect(taken.data!.createCampaign).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT', message: 'The response code "SPRING-36" is already the campaign "Spring coupon"\'s.' });
    const malformed = await server.graphql(CREATE, { input: { name: 'Bad code', kind: 'PROMOTION', responseCode: 'a b' } });
    expect(malformed.data!.createCampaign.__typename).toBe('ValidationError');
    expect(malformed.data!.createCampaign.fieldErrors.map((error: { path: string[] }) => error.path.join('.'))).toEqual(['input.responseCode']);
  });

  it('makes a visit quoting it a touch, and a purchase quoting it a conversion of its own', async () => {
    const visitor = await createPerson(server, 'Vera', 'Visitante');
    const couponBuyer = await createPerson(server, 'Carlos', 'Cupón');
    const stranger = await createPerson(server, 'Sara', 'Sincódigo');
    const record = (customerId: string, kind: string, day: number, metadata: object, amount?: string) =>
      mutate(
        server,
        RECORD,
        {
          input: {
            customerId,
            channel: kind === 'PURCHASE' ? 'POINT_OF_SALE' : 'WEB',
            direction: 'INBOUND',
            kind,
            occurredAt: at(day).toISOString(),
            metadata,
            ...(amount ? { amount, currency: 'EUR' } : {}),
            source: 'response-code-test',
            externalId: `${customerId}:${kind}:${day}`,
          },
        },
        'RecordInteractionPayload',
      );
    await record(visitor, 'VISIT', 1, { responseCode: 'spring-36' });
    await record(visitor, 'PURCHASE', 5, {}, '40.00'); // within the 14 days after the visit
    await record(visitor, 'PURCHASE', 20, {}, '99.00'); // after them
    await record(couponBuyer, 'PURCHASE', 3, { responseCode: 'SPRING-36' }, '25.50');
    await record(stranger, 'VISIT', 2, { responseCode: 'SUMMER-36' });
    await record(stranger, 'PURCHASE', 4, {}, '70.00');

    const answer = await server.graphql(RETURNS, { from: '2036-04-01', to: '2036-05-31' });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.campaignReturns).toEqual([{ key: campaignId, conversions: 2, attributedRevenue: [{ currency: 'EUR', amount: '65.50' }] }]);
  });
});
