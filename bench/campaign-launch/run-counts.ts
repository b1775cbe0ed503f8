import type { TenantSql } from '../lib/tenant-sql.ts';

/** What the database holds of a run, counted independently of the run's own counters. */
export interface RunCounts {
  audience: number;
  snapshotMembers: number;
  decidedCustomers: number;
  undecidedMembers: number;
  decidedOutsideSnapshot: number;
  contactedCustomers: number;
  controlCustomers: number;
  excludedCustomers: number;
  /** Customers whose number of rows is not one (control) or one per channel. */
  customersWithWrongRows: number;
  rows: number;
  duplicateRows: number;
  contactedRows: number;
  controlRows: number;
  excludedRows: number;
  runContacted: number;
  runControl: number;
  runExcluded: number;
  contactInteractions: number;
  duplicateContactInteractions: number;
  /** CONTACTED rows pointing at the interaction with their own external id. */
  linkedContacts: number;
  contactEvents: number;
  exclusions: Record<string, number>;
}

const COUNT_RUN = `
  WITH run AS (SELECT * FROM "CampaignRun" WHERE id = $1::uuid),
  members AS (SELECT m."customerId" FROM "SegmentMembership" m, run WHERE m."segmentId" = run."snapshotSegmentId" AND m."exitedAt" IS NULL),
  recipient AS (SELECT r.* FROM "CampaignRecipient" r WHERE r."runId" = $1::uuid),
  per_customer AS (
    SELECT "customerId", count(*) AS rows, bool_or(outcome = 'CONTROL') AS control, bool_or(outcome = 'CONTACTED') AS contacted, bool_and(outcome = 'EXCLUDED') AS excluded
    FROM recipient GROUP BY "customerId"
  ),
  contact AS (SELECT i.id, i."externalId" FROM "Interaction" i, run WHERE i.source = 'campaign' AND i."externalId" LIKE run."campaignId"::text || ':' || run.step || ':%')
  SELECT (SELECT audience FROM run) AS audience,
         (SELECT count(*) FROM members)::int AS "snapshotMembers",
         (SELECT count(*) FROM per_customer)::int AS "decidedCustomers",
         (SELECT count(*) FROM members m WHERE NOT EXISTS (SELECT FROM per_customer p WHERE p."customerId" = m."customerId"))::int AS "undecidedMembers",
         (SELECT count(*) FROM per_customer p WHERE NOT EXISTS (SELECT FROM members m WHERE m."customerId" = p."customerId"))::int AS "decidedOutsideSnapshot",
         (SELECT count(*) FILTER (WHERE contacted) FROM per_customer)::int AS "contactedCustomers",
         (SELECT count(*) FILTER (WHERE control) FROM per_customer)::int AS "controlCustomers",
         (SELECT count(*) FILTER (WHERE excluded) FROM per_customer)::int AS "excludedCustomers",
         (SELECT count(*) FILTER (WHERE rows <> CASE WHEN control THEN 1 ELSE $3::int END) FROM per_customer)::int AS "customersWithWrongRows",
         (SELECT count(*) FROM recipient)::int AS rows,
         (SELECT count(*) - count(DISTINCT ("customerId", channel)) FROM recipient)::int AS "duplicateRows",
         (SELECT count(*) FILTER (WHERE outcome = 'CONTACTED') FROM recipient)::int AS "contactedRows",
         (SELECT count(*) FILTER (WHERE outcome = 'CONTROL') FROM recipient)::int AS "controlRows",
         (SELECT count(*) FILTER (WHERE outcome = 'EXCLUDED') FROM recipient)::int AS "excludedRows",
         (SELECT contacted FROM run) AS "runContacted", (SELECT control FROM run) AS "runControl", (SELECT excluded FROM run) AS "runExcluded",
         (SELECT count(*) FROM contact)::int AS "contactInteractions",
         (SELECT count(*) - count(DISTINCT "externalId") FROM contact)::int AS "duplicateContactInteractions",
         (SELECT count(*) FROM recipient r JOIN contact c ON c.id = r."interactionId"
          WHERE r.outcome = 'CONTACTED' AND c."externalId" = r."campaignId"::text || ':' || r.step || ':' || r."customerId"::text || ':' || r.channel::text)::int AS "linkedContacts",
         (SELECT count(*) FROM "OutboxEvent" e WHERE e.topic = 'campaign.contactSent' AND e."subjectId" = $2
            AND e.payload ->> 'step' = (SELECT step FROM run))::int AS "contactEvents",
         (SELECT json_object_agg(reason, count) FROM (
            SELECT channel::text || ' ' || "exclusionReason"::text AS reason, count(*)::int AS count FROM recipient WHERE outcome = 'EXCLUDED' GROUP BY 1) reasons) AS exclusions`;

/** Counts a run (its row id) of a campaign (its global id, the subject of its events) on `channels` channels. */
export async function countRun(owner: TenantSql, runId: string, campaignNodeId: string, channels: number): Promise<RunCounts> {
  type Row = Omit<RunCounts, 'exclusions'> & { exclusions: Record<string, number> | null };
  const [row] = await owner.transaction(async (client) => (await client.query<Row>(COUNT_RUN, [runId, campaignNodeId, channels])).rows);
  return { ...row!, exclusions: row!.exclusions ?? {} };
}
