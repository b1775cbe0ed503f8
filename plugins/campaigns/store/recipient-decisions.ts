import type { Sql } from '../../../src/plugin-api.ts';
import { reachabilitySql } from '../../profile/plugin.ts';
import { segmentMembersSql } from '../../segments/plugin.ts';
import { CHANNELS } from '../channels.ts';
import type { CampaignChannel } from './enums.ts';
import type { ClaimedRun } from './launch-runs.ts';

/** One decision a batch wrote: a recipient row. */
export interface DecidedRecipient {
  id: string;
  customerId: string;
  /** The customer's kind (null for a customer no longer live). */
  kind: 'PERSON' | 'ORGANIZATION' | null;
  channel: CampaignChannel;
  outcome: 'CONTACTED' | 'CONTROL' | 'EXCLUDED';
  variantId: string | null;
}

export interface DecidedBatch {
  /** Customers of the audience the batch took (fewer than asked: the audience is exhausted). */
  size: number;
  /** The last of them in id order: the next checkpoint. */
  last: string | null;
  recipients: DecidedRecipient[];
}

/** A reproducible draw in [0, 1) from a text: the first 32 bits of its md5. */
const draw = (text: string) => `(('x' || substr(md5(${text}), 1, 8))::bit(32)::bigint / 4294967296.0)`;

/**
 * Decides the next `limit` customers of the run's snapshot after its checkpoint, in ONE statement
 * whatever their number, and writes a recipient row per decision:
 * - per channel: EXCLUDED with the first reason that holds (no consent / withdrawn, on the
 *   suppression list by customer or by e-mail or phone, no contact point, then the cap: the
 *   customer's CONTACTED rows of every campaign in the last `perDays` days plus the channels
 *   already contacted before this one in the batch reach `maxContacts`), or CONTACTED with a variant
 *   drawn by weight;
 * - but CONTROL, in one row on the first channel they could have been contacted on, when the
 *   customer could be contacted on some channel and their draw (md5 of campaign and customer)
 *   falls under the control share. The control group is drawn among the contactable only, so
 *   contacted and control differ in nothing but the contact and the lift compares like with like.
 * A decision already written (the same step, customer and channel) is kept, never written twice.
 */
export async function decideBatch(sql: Sql, run: ClaimedRun, scope: { tenantId: string; now: Date; limit: number }): Promise<DecidedBatch> {
  const channels = run.channels as CampaignChannel[];
  const customerDraw = draw(`$5::text || batch.id::text`);
  const variantDraw = draw(`$5::text || batch.id::text || ':variant'`);
  const [row] = await sql.query<DecidedBatch>(
    `WITH batch AS (
       SELECT audience.id FROM (${segmentMembersSql('$1', 'ARRAY[$2::uuid]')}) audience
       WHERE $3::uuid IS NULL OR audience.id > $3::uuid
       ORDER BY audience.id LIMIT $4::int
     ), reach AS (
       ${reachabilitySql({ tenant: '$1', customers: 'ARRAY(SELECT id FROM batch)' })}
     ), channel AS (
       SELECT * FROM unnest($8::text[], $9::text[], $10::text[]) WITH ORDINALITY AS ch(name, consent, point, ordinal)
     ), drawn AS (
       SELECT batch.id AS "customerId", ${customerDraw} < $11::numeric AS control, ${variantDraw} AS "variantDraw",
              (SELECT count(*) FROM "CampaignRecipient" prior
               WHERE prior."tenantId" = $1 AND prior."customerId" = batch.id AND prior.outcome = 'CONTACTED'
                 AND prior."decidedAt" > $16::timestamp(3) - make_interval(days => $15::int)) AS "priorContacts"
       FROM batch
     ), judged AS (
       SELECT d."customerId", ch.name AS channel, ch.ordinal, d."priorContacts", d."variantDraw",
              CASE
                WHEN r."customerId" IS NULL THEN 'NO_CONTACT_POINT'
                WHEN ch.consent IS NOT NULL AND r.consents ->> ch.consent IS NULL THEN 'NO_CONSENT'
                WHEN ch.consent IS NOT NULL AND r.consents ->> ch.consent <> 'GRANTED' THEN 'CONSENT_WITHDRAWN'
                WHEN EXISTS (SELECT 1 FROM "CampaignSuppression" s
                             WHERE s."tenantId" = $1 AND (s.channel IS NULL OR s.channel::text = ch.name)
                               AND (s."customerId" = d."customerId" OR s.value = ANY(r.emails || r.phones))) THEN 'SUPPRESSED'
                WHEN (ch.point = 'EMAIL' AND cardinality(r.emails) = 0) OR (ch.point = 'PHONE' AND cardinality(r.phones) = 0)
                  OR (ch.point = 'ADDRESS' AND NOT r."hasAddress") THEN 'NO_CONTACT_POINT'
              END AS reason
       FROM drawn d CROSS JOIN channel ch LEFT JOIN reach r ON r."customerId" = d."customerId"
     ), capped AS (
       SELECT j.*, d.control, CASE
                     WHEN j.reason IS NULL AND j."priorContacts" + count(*) FILTER (WHERE j.reason IS NULL) OVER (PARTITION BY j."customerId" ORDER BY j.ordinal) > $14::int
                     THEN 'FREQUENCY_CAP' ELSE j.reason END AS "finalReason"
       FROM judged j JOIN drawn d ON d."customerId" = j."customerId"
     ), held AS (
       SELECT DISTINCT ON ("customerId") "customerId", channel FROM capped
       WHERE control AND "finalReason" IS NULL ORDER BY "customerId", ordinal
     ), variant AS (
       SELECT v.id, sum(v.weight) OVER (ORDER BY v.ordinal) AS upto, sum(v.weight) OVER () AS total
       FROM unnest($12::uuid[], $13::int[]) WITH ORDINALITY AS v(id, weight, ordinal)
     ), decided AS (
       SELECT c."customerId", c.channel, CASE WHEN c."finalReason" IS NULL THEN 'CONTACTED' ELSE 'EXCLUDED' END AS outcome, c."finalReason" AS reason,
              CASE WHEN c."finalReason" IS NULL THEN (SELECT v.id FROM variant v WHERE c."variantDraw" * v.total < v.upto ORDER BY v.upto LIMIT 1) END AS "variantId"
       FROM capped c WHERE c."customerId" NOT IN (SELECT "customerId" FROM held)
       UNION ALL
       SELECT h."customerId", h.channel, 'CONTROL', NULL, NULL::uuid FROM held h
     ), inserted AS (
       INSERT INTO "CampaignRecipient" (id, "tenantId", "campaignId", "runId", step, "customerId", channel, outcome, "exclusionReason", "variantId", "decidedAt")
       SELECT md5($6::text || "customerId"::text || channel)::uuid, $1, $5::uuid, $6::uuid, $7, "customerId", channel::"CampaignChannel", outcome::"CampaignRecipientOutcome",
              reason::"CampaignExclusionReason", "variantId", $16::timestamp(3)
       FROM decided
       ON CONFLICT ("campaignId", step, "customerId", channel) DO NOTHING
       RETURNING id, "customerId", channel, outcome, "variantId"
     )
     SELECT (SELECT count(*)::int FROM batch) AS size,
            (SELECT id::text FROM batch ORDER BY id DESC LIMIT 1) AS last,
            COALESCE((SELECT json_agg(json_build_object('id', i.id, 'customerId', i."customerId", 'kind', r.kind, 'channel', i.channel,
                                                       'outcome', i.outcome, 'variantId', i."variantId") ORDER BY i."customerId", i.channel)
                      FROM inserted i LEFT JOIN reach r ON r."customerId" = i."customerId"), '[]'::json) AS recipients`,
    [
      scope.tenantId,
      run.snapshotSegmentId,
      run.checkpoint,
      scope.limit,
      run.campaignId,
      run.id,
      run.step,
      channels,
      channels.map((channel) => CHANNELS[channel].consentChannel),
      channels.map((channel) => CHANNELS[channel].contactPoint),
      run.controlShare,
      run.variants.map((variant) => variant.id),
      run.variants.map((variant) => variant.weight),
      run.maxContacts,
      run.perDays,
      scope.now,
    ],
  );
  return row!;
}
