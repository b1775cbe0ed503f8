import { randomUUID } from 'node:crypto';
import type { TestServer } from '../../../tests/support/server.ts';
import { tenantRows } from '../../../tests/support/tenant-rows.ts';

// Helpers of the campaign-definition tests: segments and customers are written as rows (they are
// the segments area's), campaigns only through the API.

export const TENANT = 'demo';

export function rows<Row extends object>(server: TestServer, query: string, values: unknown[] = []): Promise<Row[]> {
  return tenantRows<Row>(server.owner, TENANT, query, values);
}

export function globalIdOf(typename: string, rowId: string): string {
  return Buffer.from(`${typename}:${rowId}`).toString('base64');
}

export function rowIdOf(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString().split(':')[1]!;
}

/** Live demo customers (row ids), in id order, skipping the first `skip`. */
export async function liveCustomers(server: TestServer, limit: number, skip = 0): Promise<string[]> {
  const found = await rows<{ id: string }>(server, `SELECT id::text AS id FROM "Customer" WHERE "archivedAt" IS NULL AND "mergedIntoId" IS NULL ORDER BY id LIMIT $1 OFFSET $2`, [limit, skip]);
  return found.map((row) => row.id);
}

/** A static segment holding these customers; its global id. */
export async function staticSegment(server: TestServer, customers: readonly string[], at: Date, archived = false): Promise<string> {
  const id = randomUUID();
  await rows(server, `INSERT INTO "Segment" (id, "tenantId", name, kind, "updatedAt", "archivedAt") VALUES ($1, $2, $3, 'STATIC', $4, $5)`, [id, TENANT, `Definitions test ${id}`, at, archived ? at : null]);
  if (customers.length) {
    await rows(
      server,
      `INSERT INTO "SegmentMembership" (id, "tenantId", "segmentId", "customerId", source, "enteredAt") SELECT gen_random_uuid(), $1, $2, unnest($3::uuid[]), 'MANUAL', $4`,
      [TENANT, id, customers, at],
    );
  }
  return globalIdOf('Segment', id);
}

export const CAMPAIGN_FIELDS = /* GraphQL */ `
  id name description kind objective status channels ownerId controlShare attributionWindowDays decayHalfLifeDays
  targetKpis { metric target }
  schedule { startsAt endsAt recurrence }
  budget { amount currency }
  audience { id } exclusions { id }
  variants { name content weight }
  costs { id label amount { amount currency } incurredOn }
  totalCosts { amount currency }
  createdAt updatedAt
`;

const PAYLOAD = /* GraphQL */ `
  __typename
  ... on CampaignPayload { campaign { ${CAMPAIGN_FIELDS} } }
  ... on ValidationError { message fieldErrors { path message } }
  ... on ConflictError { message }
  ... on NotFoundError { message }
  ... on ForbiddenError { message }
`;

export const CREATE = `mutation Create($input: CreateCampaignInput!) { createCampaign(input: $input) { ${PAYLOAD} } }`;
export const UPDATE = `mutation Update($input: UpdateCampaignInput!) { updateCampaign(input: $input) { ${PAYLOAD} } }`;
export const SCHEDULE = `mutation Schedule($id: ID!) { scheduleCampaign(id: $id) { ${PAYLOAD} } }`;
export const CANCEL = `mutation Cancel($id: ID!) { cancelCampaign(id: $id) { ${PAYLOAD} } }`;
export const COMPLETE = `mutation Complete($id: ID!) { completeCampaign(id: $id) { ${PAYLOAD} } }`;
export const ADD_COST = `mutation AddCost($input: AddCampaignCostInput!) { addCampaignCost(input: $input) { ${PAYLOAD} } }`;
export const REMOVE_COST = `mutation RemoveCost($id: ID!) { removeCampaignCost(id: $id) { ${PAYLOAD} } }`;

/** Everything stored of a campaign, to prove a refused write changed nothing. */
export async function storedCampaign(server: TestServer, globalId: string) {
  const id = rowIdOf(globalId);
  const [campaign] = await rows<Record<string, any>>(server, `SELECT *, channels::text[] AS channels FROM "Campaign" WHERE id = $1::uuid`, [id]);
  const audiences = await rows(server, `SELECT * FROM "CampaignAudience" WHERE "campaignId" = $1::uuid ORDER BY "segmentId"`, [id]);
  const variants = await rows(server, `SELECT name, content, weight FROM "CampaignVariant" WHERE "campaignId" = $1::uuid ORDER BY name`, [id]);
  const costs = await rows(server, `SELECT * FROM "CampaignCost" WHERE "campaignId" = $1::uuid ORDER BY id`, [id]);
  return { campaign, audiences, variants, costs };
}
