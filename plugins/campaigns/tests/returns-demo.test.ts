import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { credits, MODELS, type OracleConversion } from './attribution-oracle.ts';
import { DAY, TENANT } from './returns-support.ts';

// The return of the demo's year of campaigns, as the API reports it, against the test's own
// computation from the seeded rows: which touches each purchase or won deal had within their
// campaign's window, and what each model credits them, to the cent.

const REPORT = /* GraphQL */ `
  query Report($from: Date!, $to: Date!, $model: AttributionModel!) {
    campaignReturns(from: $from, to: $to, model: $model, groupBy: CAMPAIGN) { key conversions attributedRevenue { currency amount } }
  }
`;
const PERFORMANCE = /* GraphQL */ `
  query Performance($id: ID!) {
    node(id: $id) { ... on Campaign { name performance { lift { controlCustomers rateDifference { estimate low high } } } } }
  }
`;

const seededAt = new Date(inject('demoSeededAt'));
const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

interface SeededTouch {
  id: string;
  campaignId: string;
  customerId: string;
  at: Date;
}
interface SeededConversion {
  customerId: string;
  at: Date;
  cents: number;
  currency: string;
}
/** A conversion with the touches the test finds for it, each with its campaign, in time order. */
type Attributed = OracleConversion & { currency: string };

const cents = (amount: string) => Math.round(Number(amount) * 100);

describe("the demo's campaign return", () => {
  let server: TestServer;
  let attributed: Attributed[];
  const halfLife: Record<string, number> = {};
  let campaignIds: string[];

  beforeAll(async () => {
    server = await startTestServer({ clock: manualClock(seededAt) });
    const read = async <Row extends object>(text: string): Promise<Row[]> => (await server.owner.query<Row>(text, [TENANT])).rows;
    const campaigns = await read<{ id: string; windowDays: number; halfLifeDays: number; responseCode: string | null }>(
      `SELECT id::text AS id, "attributionWindowDays" AS "windowDays", "decayHalfLifeDays" AS "halfLifeDays", "responseCode" FROM "Campaign" WHERE "tenantId" = $1`,
    );
    const byCode = new Map(campaigns.flatMap((campaign) => (campaign.responseCode ? [[campaign.responseCode, campaign.id] as const] : [])));
    campaignIds = campaigns.map((campaign) => campaign.id);
    const windowDays = new Map(campaigns.map((campaign) => [campaign.id, campaign.windowDays]));
    for (const campaign of campaigns) halfLife[campaign.id] = campaign.halfLifeDays;
    const touches = [
      ...(await read<SeededTouch>(
        `SELECT id::text AS id, "campaignId"::text AS "campaignId", "customerId"::text AS "customerId", "decidedAt" AS at
         FROM "CampaignRecipient" WHERE "tenantId" = $1 AND outcome = 'CONTACTED'`,
      )),
      // Responses: inbound interactions of any kind naming a campaign by id or by its response code.
      ...(await read<{ id: string; customerId: string; at: Date; campaignRef: string | null; code: string | null }>(
        `SELECT id::text AS id, "customerId"::text AS "customerId", "occurredAt" AS at, metadata->>'campaignId' AS "campaignRef", metadata->>'responseCode' AS code
         FROM "Interaction" WHERE "tenantId" = $1 AND direction = 'INBOUND' AND (metadata ? 'campaignId' OR metadata ? 'responseCode')`,
      )).flatMap((row) => {
        const named = new Set<string>();
        if (row.campaignRef && new RegExp(UUID, 'i').test(row.campaignRef) && windowDays.has(row.campaignRef.toLowerCase())) named.add(row.campaignRef.toLowerCase());
        const coded = row.code ? byCode.get(row.code.trim().toUpperCase()) : undefined;
        if (coded) named.add(coded);
        return [...named].map((campaignId): SeededTouch => ({ id: row.id, campaignId, customerId: row.customerId, at: row.at }));
      }),
    ];
    const conversions = [
      ...(await read<{ customerId: string; at: Date; amount: string; currency: string }>(
        `SELECT "customerId"::text AS "customerId", "occurredAt" AS at, amount::text AS amount, currency::text AS currency
         FROM "Interaction" WHERE "tenantId" = $1 AND kind = 'PURCHASE' AND amount IS NOT NULL AND currency IS NOT NULL`,
      )),
      ...(await read<{ customerId: string; at: Date; amount: string; currency: string }>(
        `SELECT "customerId"::text AS "customerId", "closedAt" AS at, amount::text AS amount, currency::text AS currency
         FROM "Opportunity" WHERE "tenantId" = $1 AND stage = 'CLOSED_WON' AND "closedAt" IS NOT NULL AND amount IS NOT NULL`,
      )),
    ].map((row): SeededConversion => ({ customerId: row.customerId, at: row.at, cents: cents(row.amount), currency: row.currency }));

    const touchesOf = new Map<string, SeededTouch[]>();
    for (const touch of touches) touchesOf.set(touch.customerId, [...(touchesOf.get(touch.customerId) ?? []), touch]);
    const day = (at: Date) => at.getTime() / DAY;
    attributed = conversions.flatMap((conversion) => {
      const before = (touchesOf.get(conversion.customerId) ?? [])
        .filter((touch) => touch.at <= conversion.at && day(conversion.at) - day(touch.at) <= windowDays.get(touch.campaignId)!)
        .sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return before.length === 0 ? [] : [{ cents: conversion.cents, currency: conversion.currency, day: day(conversion.at), touches: before.map((touch) => ({ campaign: touch.campaignId, day: day(touch.at) })) }];
    });
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
  });

  /** The report over every day the demo's campaigns could have converted on. */
  async function report(model: string) {
    const from = new Date(seededAt.getTime() - 3 * 365 * DAY).toISOString().slice(0, 10);
    const answer = await server.graphql(REPORT, { from, to: seededAt.toISOString().slice(0, 10), model });
    expect(answer.errors).toBeUndefined();
    return answer.data!.campaignReturns as { key: string; conversions: number; attributedRevenue: { currency: string; amount: string }[] }[];
  }

  it('has conversions of several campaigns, currencies and numbers of touches to check against', () => {
    expect(attributed.length).toBeGreaterThan(300);
    expect(new Set(attributed.flatMap((conversion) => conversion.touches.map((touch) => touch.campaign))).size).toBeGreaterThanOrEqual(8);
    expect(new Set(attributed.map((conversion) => conversion.currency)).size).toBeGreaterThanOrEqual(2);
    expect(attributed.some((conversion) => conversion.touches.length >= 3)).toBe(true);
  });

  it('credits every campaign, under every model, what the test computes from the seeded rows, to the cent', async () => {
    for (const model of MODELS) {
      const expected = new Map<string, number>();
      for (const conversion of attributed) {
        credits(model, conversion, halfLife).forEach((share, index) => {
          const key = `${encodeGlobalID('Campaign', conversion.touches[index]!.campaign)} ${conversion.currency}`;
          expected.set(key, (expected.get(key) ?? 0) + share);
        });
      }
      const reported = new Map<string, number>();
      for (const row of await report(model)) for (const amount of row.attributedRevenue) reported.set(`${row.key} ${amount.currency}`, cents(amount.amount));
      for (const [key, value] of expected) if (value === 0) expected.delete(key);
      for (const [key, value] of reported) if (value === 0) reported.delete(key);
      expect(new Map([...reported].sort()), model).toEqual(new Map([...expected].sort()));
    }
  });

  it("counts each conversion once per campaign it touched, and shares its whole revenue under every model", async () => {
    const conversionsOf = new Map<string, number>();
    for (const conversion of attributed) {
      for (const campaign of new Set(conversion.touches.map((touch) => touch.campaign))) {
        const key = encodeGlobalID('Campaign', campaign);
        conversionsOf.set(key, (conversionsOf.get(key) ?? 0) + 1);
      }
    }
    const revenue = new Map<string, number>();
    for (const conversion of attributed) revenue.set(conversion.currency, (revenue.get(conversion.currency) ?? 0) + conversion.cents);
    for (const model of MODELS) {
      const rows = await report(model);
      expect(new Map(rows.filter((row) => row.conversions > 0).map((row) => [row.key, row.conversions])), model).toEqual(conversionsOf);
      const shared = new Map<string, number>();
      for (const row of rows) for (const amount of row.attributedRevenue) shared.set(amount.currency, (shared.get(amount.currency) ?? 0) + cents(amount.amount));
      expect(new Map([...shared].filter(([, value]) => value > 0).sort()), model).toEqual(new Map([...revenue].sort()));
    }
  });

  it('shows the uplift the demo gave its large campaigns over their control groups', async () => {
    const large = [];
    for (const id of campaignIds) {
      const answer = await server.graphql(PERFORMANCE, { id: encodeGlobalID('Campaign', id) });
      expect(answer.errors).toBeUndefined();
      const campaign = answer.data!.node as { name: string; performance: { lift: { controlCustomers: number; rateDifference: { estimate: number; low: number; high: number } | null } } };
      if (campaign.performance.lift.controlCustomers >= 150) large.push(campaign);
    }
    // Black Friday and the summer sale hold back a quarter of everyone who accepts e-mail.
    expect(large.map((campaign) => campaign.name).sort()).toEqual(['Black Friday', 'Summer sale']);
    for (const campaign of large) expect(campaign.performance.lift.rateDifference!.estimate, campaign.name).toBeGreaterThan(0);
  });
});
