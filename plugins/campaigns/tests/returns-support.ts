import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { tenantRows } from '../../../tests/support/tenant-rows.ts';

export const TENANT = 'demo';
export const DAY = 86_400_000;

/** Writes rows straight into the tables, as the owner, for the demo tenant. */
export class ReturnsFixture {
  private readonly owner: pg.ClientBase;

  constructor(owner: pg.ClientBase) {
    this.owner = owner;
  }

  async customers(count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    await tenantRows(this.owner, TENANT,
      `INSERT INTO "Customer" (id, "tenantId", kind, "displayName", "updatedAt")
       SELECT id, $2, 'PERSON', 'Returns test ' || id, now() FROM unnest($1::uuid[]) AS id`, [ids, TENANT]);
    return ids;
  }

  async campaign(name: string, windowDays: number, halfLifeDays: number, channels: string[] = ['EMAIL']): Promise<string> {
    const id = randomUUID();
    await tenantRows(this.owner, TENANT,
      `INSERT INTO "Campaign" (id, "tenantId", name, kind, channels, "attributionWindowDays", "decayHalfLifeDays", status, "updatedAt")
       VALUES ($1, $2, $3, 'PROMOTION', $4::"CampaignChannel"[], $5, $6, 'RUNNING', now())`, [id, TENANT, name, channels, windowDays, halfLifeDays]);
    return id;
  }

  async run(campaignId: string, step: string, startedAt: Date): Promise<string> {
    const id = randomUUID();
    await tenantRows(this.owner, TENANT,
      `INSERT INTO "CampaignRun" (id, "tenantId", "campaignId", step, "snapshotSegmentId", status, "startedAt") VALUES ($1, $2, $3, $4, $5, 'COMPLETED', $6)`,
      [id, TENANT, campaignId, step, randomUUID(), startedAt.toISOString()]);
    return id;
  }

  /** Recipients of one run, all decided at `decidedAt` with one outcome. */
  async recipients(campaignId: string, runId: string, step: string, customers: string[], outcome: 'CONTACTED' | 'CONTROL', decidedAt: Date, channel = 'EMAIL'): Promise<void> {
    await tenantRows(this.owner, TENANT,
      `INSERT INTO "CampaignRecipient" (id, "tenantId", "campaignId", "runId", step, "customerId", channel, outcome, "decidedAt")
       SELECT gen_random_uuid(), $1, $2, $3, $4, customer, $5::"CampaignChannel", $6::"CampaignRecipientOutcome", $7 FROM unnest($8::uuid[]) AS customer`,
      [TENANT, campaignId, runId, step, channel, outcome, decidedAt.toISOString(), customers]);
  }

  async purchases(rows: { customerId: string; at: Date; amount: string; currency?: string }[]): Promise<void> {
    await this.interactions(rows.map((row) => ({ ...row, kind: 'PURCHASE', channel: 'POINT_OF_SALE', metadata: {} })));
  }

  async response(customerId: string, campaignId: string, at: Date, channel = 'EMAIL'): Promise<void> {
    await this.interactions([{ customerId, at, kind: 'CAMPAIGN_RESPONSE', channel, metadata: { campaignId }, amount: null }]);
  }

  async cost(campaignId: string, amount: string, currency: string, on: Date): Promise<void> {
    await tenantRows(this.owner, TENANT,
      `INSERT INTO "CampaignCost" (id, "tenantId", "campaignId", label, amount, currency, "incurredOn") VALUES (gen_random_uuid(), $1, $2, 'Fixture cost', $3, $4, $5::date)`,
      [TENANT, campaignId, amount, currency, on.toISOString().slice(0, 10)]);
  }

  private async interactions(rows: { customerId: string; at: Date; kind: string; channel: string; metadata: object; amount: string | null; currency?: string }[]): Promise<void> {
    await tenantRows(this.owner, TENANT,
      `INSERT INTO "Interaction" (id, "tenantId", "customerId", channel, direction, kind, "occurredAt", metadata, amount, currency, source, "externalId")
       SELECT gen_random_uuid(), $1, r.customer, r.channel::"InteractionChannel", 'INBOUND', r.kind::"InteractionKind", r.at, r.metadata, r.amount, r.currency, 'returns-test', gen_random_uuid()::text
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::timestamp[], $6::jsonb[], $7::numeric[], $8::text[]) AS r(customer, channel, kind, at, metadata, amount, currency)`,
      [
        TENANT,
        rows.map((row) => row.customerId),
        rows.map((row) => row.channel),
        rows.map((row) => row.kind),
        rows.map((row) => row.at.toISOString()),
        rows.map((row) => JSON.stringify(row.metadata)),
        rows.map((row) => row.amount),
        rows.map((row) => (row.amount === null ? null : (row.currency ?? 'EUR'))),
      ]);
  }
}
