import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';

// The demo year of tickets: varied, consistent with the API's own rules (statuses reached by legal
// moves, SLA breaches where the clock says so, escalations the scheduler would have made), with
// its events and survey answers, and settled at the end of the history.

// Where the template's demo history ends, as the UTC timestamp the columns store (no zone).
const DEMO_END = inject('demoSeededAt').replace('Z', '');
let server: TestServer;
let owner: pg.Client;
beforeAll(async () => {
  server = await startTestServer();
  owner = server.owner;
});
afterAll(() => server?.stop());

const one = async (sql: string, parameters: unknown[] = []) => (await owner.query(sql, parameters)).rows[0]!;

describe('demo tickets', () => {
  it('gives the demo tenant a year of several hundred varied tickets, and acme a proportionate few, numbered without gaps', async () => {
    const { rows } = await owner.query(
      `SELECT "tenantId", count(*)::int AS n, count(DISTINCT kind)::int AS kinds, count(DISTINCT channel)::int AS channels, count(DISTINCT priority)::int AS priorities,
              min(number)::int AS first, max(number)::int AS last, min("createdAt") AS since,
              (SELECT last FROM "TicketCounter" c WHERE c."tenantId" = t."tenantId") AS counter
       FROM "Ticket" t GROUP BY 1 ORDER BY 1`,
    );
    const [acme, demo] = rows;
    expect(demo).toMatchObject({ kinds: 4, priorities: 4, first: 1, last: demo.n, counter: demo.n });
    expect(demo.n).toBeGreaterThan(500);
    expect(demo.channels).toBeGreaterThanOrEqual(8);
    expect(demo.since.getTime()).toBeGreaterThanOrEqual(Date.parse('2025-11-01T00:00:00Z'));
    expect(acme.n).toBeGreaterThan(demo.n * (50 / 2_300) * 0.4);
    expect(acme.n).toBeLessThan(demo.n * (50 / 2_300) * 2.5);
  });

  it('reaches every status by legal moves only, its history ending where the ticket is', async () => {
    const legal: Record<string, string[]> = {
      NEW: ['OPEN', 'PENDING_CUSTOMER', 'ESCALATED', 'RESOLVED'],
      OPEN: ['PENDING_CUSTOMER', 'ESCALATED', 'RESOLVED'],
      PENDING_CUSTOMER: ['OPEN', 'ESCALATED', 'RESOLVED'],
      ESCALATED: ['OPEN', 'PENDING_CUSTOMER', 'RESOLVED'],
      RESOLVED: ['CLOSED', 'REOPENED'],
      CLOSED: [],
      REOPENED: ['OPEN', 'PENDING_CUSTOMER', 'ESCALATED', 'RESOLVED'],
    };
    const { rows } = await owner.query<{ status: string; moves: { from: string | null; to: string }[] }>(
      `SELECT t.status::text, json_agg(json_build_object('from', s."fromStatus", 'to', s."toStatus") ORDER BY s."changedAt", s.id) AS moves
       FROM "Ticket" t JOIN "TicketStatusChange" s ON s."ticketId" = t.id WHERE t."tenantId" = 'demo' GROUP BY t.id, t.status`,
    );
    const illegal = rows.flatMap(({ status, moves }) => [
      ...(moves[0]!.from === null && moves[0]!.to === 'NEW' ? [] : ['starts elsewhere than NEW']),
      ...moves.slice(1).filter((move, index) => move.from !== moves[index]!.to || !legal[move.from!]!.includes(move.to)).map((move) => `${move.from} → ${move.to}`),
      ...(moves.at(-1)!.to === status ? [] : [`history ends at ${moves.at(-1)!.to}, ticket is ${status}`]),
    ]);
    expect(illegal).toEqual([]);
    const statuses = new Set(rows.map((row) => row.status));
    expect([...statuses].sort()).toEqual(expect.arrayContaining(['CLOSED', 'OPEN', 'RESOLVED']));
  });

  it('records breaches exactly where the clock passed a target, and escalations only after them', async () => {
    const checks = await one(
      `SELECT count(*)::int AS tickets,
              (count(*) FILTER (WHERE "firstResponseSeconds" IS NOT NULL
                 AND ("firstResponseBreachedAt" IS NOT NULL) <> ("firstResponseSeconds" > "firstResponseTargetMinutes" * 60)))::int AS "frMismatches",
              (count(*) FILTER (WHERE "resolutionSeconds" IS NOT NULL AND "resolutionBreachedAt" IS NULL AND "resolutionSeconds" > "resolutionTargetMinutes" * 60))::int AS "resMissed",
              (count(*) FILTER (WHERE "firstResponseBreachedAt" IS NOT NULL OR "resolutionBreachedAt" IS NOT NULL))::int AS breached,
              (count(*) FILTER (WHERE "escalationLevel" = 2))::int AS "levelTwo",
              (count(*) FILTER (WHERE "escalationLevel" = 2 AND "firstResponseBreachedAt" IS NULL AND "resolutionBreachedAt" IS NULL))::int AS "levelTwoWithoutBreach",
              (count(*) FILTER (WHERE "nextEscalationAt" <= $1))::int AS "dueAtTheEnd",
              (count(*) FILTER (WHERE status IN ('RESOLVED', 'CLOSED') AND ("resolvedAt" IS NULL OR "resolutionSeconds" IS NULL)))::int AS "resolvedWithoutResolution"
       FROM "Ticket" WHERE "tenantId" = 'demo'`,
      [DEMO_END],
    );
    expect(checks).toMatchObject({ frMismatches: 0, resMissed: 0, levelTwoWithoutBreach: 0, dueAtTheEnd: 0, resolvedWithoutResolution: 0 });
    expect(checks.breached / checks.tickets).toBeGreaterThan(0.03);
    expect(checks.breached / checks.tickets).toBeLessThan(0.3);
    expect(checks.levelTwo).toBeGreaterThan(0);
    const steps = await one(
      `SELECT count(*)::int AS steps, (count(*) FILTER (WHERE e."escalatedAt" < t."createdAt" OR e."escalatedAt" > $1))::int AS "outOfTime",
              (count(*) FILTER (WHERE o.id IS NULL))::int AS "withoutEvent"
       FROM "TicketEscalation" e JOIN "Ticket" t ON t.id = e."ticketId"
       LEFT JOIN "OutboxEvent" o ON o.topic = 'ticket.escalated' AND o."subjectId" = encode(convert_to('Ticket:' || t.id::text, 'UTF8'), 'base64') AND (o.payload->>'level')::int = e.level
       WHERE t."tenantId" = 'demo'`,
      [DEMO_END],
    );
    expect(steps).toMatchObject({ outOfTime: 0, withoutEvent: 0 });
    expect(steps.steps).toBeGreaterThan(20);
  });

  it('rates breached tickets lower, and carries each rating as a survey-response interaction', async () => {
    const ratings = await one(
      `SELECT avg("csatScore") FILTER (WHERE "firstResponseBreachedAt" IS NOT NULL OR "resolutionBreachedAt" IS NOT NULL)::float8 AS breached,
              avg("csatScore") FILTER (WHERE "firstResponseBreachedAt" IS NULL AND "resolutionBreachedAt" IS NULL)::float8 AS "inTime",
              count("csatScore")::int AS rated,
              (count(*) FILTER (WHERE "csatScore" IS NOT NULL AND (i.id IS NULL OR i."surveyScore" <> t."csatScore" OR i.kind <> 'SURVEY_RESPONSE')))::int AS unmatched
       FROM "Ticket" t LEFT JOIN "Interaction" i ON i.id = t."csatInteractionId" WHERE t."tenantId" = 'demo'`,
    );
    expect(ratings.unmatched).toBe(0);
    expect(ratings.rated).toBeGreaterThan(100);
    expect(ratings.inTime - ratings.breached).toBeGreaterThan(1);
  });

  it('writes every change as a positioned event on the customer’s timeline', async () => {
    const events = await one(
      `SELECT count(*)::int AS tickets,
              (count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM "OutboxEvent" o WHERE o.topic = 'ticket.created' AND o."subjectId" = encode(convert_to('Ticket:' || t.id::text, 'UTF8'), 'base64') AND o."customerId" = t."customerId")))::int AS "withoutCreation",
              (SELECT count(*)::int FROM "OutboxEvent" WHERE topic LIKE 'ticket.%' AND "tenantId" = 'demo' AND position IS NULL) AS unpositioned,
              (SELECT count(*)::int FROM "OutboxEvent" WHERE topic = 'ticket.statusChanged' AND "tenantId" = 'demo') AS "statusEvents",
              (SELECT count(*)::int FROM "TicketStatusChange" s JOIN "Ticket" x ON x.id = s."ticketId" WHERE x."tenantId" = 'demo' AND s."fromStatus" IS NOT NULL) AS "statusChanges"
       FROM "Ticket" t WHERE t."tenantId" = 'demo'`,
    );
    expect(events).toMatchObject({ withoutCreation: 0, unpositioned: 0 });
    expect(events.statusEvents).toBe(events.statusChanges);
  });
});
