import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureLead, DisqualifyLead, QualifyLead, UpdateLead } from '../../../tests/documents/pipeline.ts';
import { startTestServer, type TestServer, type TokenRequest } from '../../../tests/support/server.ts';
import { globalId } from './support.ts';

// Leads from every channel, worked and disqualified with a reason, or qualified: in one
// transaction, into an opportunity for the customer named, the one the lead concerns, the live
// customer with the lead's e-mail, or a new person or organization made from its contact data.

let server: TestServer;
let prescriberId: string;
let knownCustomer: { id: string; email: string };

const REP: TokenRequest = { tenant: 'demo', roles: ['sales'], subject: 'rep-lead-olga' };
const OTHER_REP: TokenRequest = { tenant: 'demo', roles: ['sales'], subject: 'rep-lead-pablo' };
const MANAGER: TokenRequest = { tenant: 'demo', roles: ['sales-manager'], subject: 'manager-lead-elena' };


beforeAll(async () => {
  server = await startTestServer();
  const prescriber = await server.owner.query(`SELECT id::text, kind::text FROM "Customer" WHERE "tenantId" = 'demo' AND 'PRESCRIBER' = ANY(audiences) AND "archivedAt" IS NULL ORDER BY id LIMIT 1`);
  prescriberId = globalId(prescriber.rows[0].kind === 'PERSON' ? 'Person' : 'Organization', prescriber.rows[0].id);
  const holder = await server.owner.query(
    `SELECT c.id::text, p.value FROM "Customer" c JOIN "ContactPoint" p ON p."customerId" = c.id AND p.kind = 'EMAIL' AND p."isActive"
     WHERE c."tenantId" = 'demo' AND c.kind = 'PERSON' AND c."archivedAt" IS NULL ORDER BY c.id LIMIT 1`,
  );
  knownCustomer = { id: globalId('Person', holder.rows[0].id), email: holder.rows[0].value };
});
afterAll(() => server?.stop());

/** Rows and events a refused request must leave as they were. */
async function footprint(): Promise<Record<string, unknown>> {
  const { rows } = await server.owner.query(
    `SELECT (SELECT count(*)::int FROM "Lead") AS leads, (SELECT count(*)::int FROM "Customer") AS customers,
            (SELECT count(*)::int FROM "ContactPoint") AS "contactPoints", (SELECT count(*)::int FROM "Opportunity") AS opportunities,
            (SELECT count(*)::int FROM "OutboxEvent") AS events, (SELECT md5(string_agg(l::text, '|' ORDER BY l.id)) FROM "Lead" l) AS "leadRows"`,
  );
  return rows[0];
}

let sequence = 0;
async function capture(input: Record<string, unknown>, as: TokenRequest = REP) {
  sequence += 1;
  const result = await server.graphql(CaptureLead, { input: { source: 'WEB_FORM', interest: `Office catering for 40 people (${sequence})`, ...input } as never }, { as });
  const payload = result.data!.captureLead;
  if (payload.__typename !== 'LeadPayload') throw new Error(`could not capture: ${JSON.stringify(payload)}`);
  return payload.lead;
}

const newContact = () => ({ firstName: 'Irene', lastName: `Sanz ${++sequence}`, email: `Irene.Sanz+${sequence}@Example.COM`, phone: '612 345 678', country: 'ES' });

function qualify(input: Record<string, unknown>, as: TokenRequest = REP) {
  return server.graphql(QualifyLead, { input: { expectedCloseDate: '2027-02-28', ...input } as never }, { as });
}

describe('capturing leads', () => {
  it('records contact data normalized as the profile stores it, NEW and unassigned by default', async () => {
    const lead = await capture({ ...newContact(), companyName: 'Talleres Sanz', sourceDetail: 'Catering quote form', estimatedAmount: '1800', currency: 'EUR' });
    expect(lead).toMatchObject({
      source: 'WEB_FORM',
      sourceDetail: 'Catering quote form',
      status: 'NEW',
      contactName: 'Talleres Sanz',
      email: expect.stringMatching(/^irene\.sanz\+\d+@example\.com$/),
      phone: '+34612345678',
      estimatedAmount: '1800.00',
      ownerId: null,
      customer: null,
    });
  });

  it('refuses a lead nobody could be reached through, each missing piece at its path, and writes nothing', async () => {
    const before = await footprint();
    const result = await server.graphql(CaptureLead, { input: { source: 'EVENT', interest: 'Gift boxes', firstName: 'Ana', estimatedAmount: '100' } }, { as: REP });
    expect(result.data!.captureLead).toMatchObject({ __typename: 'ValidationError' });
    const paths = (result.data!.captureLead as { fieldErrors: { path: string[] }[] }).fieldErrors.map((error) => error.path.join('.'));
    expect(paths.sort()).toEqual(['input.currency', 'input.email', 'input.lastName']);
    const badPhone = await server.graphql(CaptureLead, { input: { source: 'EVENT', interest: 'Gift boxes', lastName: 'Ruiz', phone: '12', country: 'ES' } }, { as: REP });
    expect(badPhone.data!.captureLead).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'phone'] }] });
    expect(await footprint()).toEqual(before);
  });

  it('takes a referral from a prescriber, and a referrer only on a referral', async () => {
    const lead = await capture({ ...newContact(), source: 'REFERRAL', referrerId: prescriberId });
    expect(lead.referrer).toEqual({ id: prescriberId });
    const wrong = await server.graphql(CaptureLead, { input: { ...newContact(), source: 'CAMPAIGN', interest: 'x', referrerId: prescriberId } }, { as: REP });
    expect(wrong.data!.captureLead).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'referrerId'] }] });
  });

  it('takes interest of a known customer without contact data, and puts it on their timeline', async () => {
    const lead = await capture({ source: 'PHONE_CALL', customerId: knownCustomer.id });
    expect(lead.customer!.id).toBe(knownCustomer.id);
    const timeline = await server.graphql(`query($id: ID!) { customer(id: $id) { timeline(first: 1) { edges { node { topic subjectId } } } } }`, { id: knownCustomer.id });
    expect(timeline.data!.customer.timeline.edges[0].node).toEqual({ topic: 'lead.captured', subjectId: lead.id });
  });
});

describe('working and disqualifying', () => {
  it('lets a rep take an unassigned lead and work it, but not give it away', async () => {
    const lead = await capture(newContact());
    const taken = await server.graphql(UpdateLead, { input: { id: lead.id, ownerId: 'rep-lead-olga', status: 'WORKING' } }, { as: REP });
    expect(taken.data!.updateLead).toMatchObject({ lead: { ownerId: 'rep-lead-olga', status: 'WORKING' } });
    const given = await server.graphql(UpdateLead, { input: { id: lead.id, ownerId: 'rep-lead-pablo' } }, { as: REP });
    expect(given.data!.updateLead).toMatchObject({ __typename: 'ForbiddenError' });
    const byColleague = await server.graphql(UpdateLead, { input: { id: lead.id, interest: 'Something else' } }, { as: OTHER_REP });
    expect(byColleague.data!.updateLead).toMatchObject({ __typename: 'ForbiddenError' });
  });

  it('disqualifies with a reason, once, and reopens as WORKING', async () => {
    const lead = await capture(newContact());
    const disqualified = await server.graphql(DisqualifyLead, { input: { id: lead.id, reason: 'NO_BUDGET', note: 'Next year maybe' } }, { as: REP });
    expect(disqualified.data!.disqualifyLead).toMatchObject({ lead: { status: 'DISQUALIFIED', disqualificationReason: 'NO_BUDGET' } });
    const again = await server.graphql(DisqualifyLead, { input: { id: lead.id, reason: 'SPAM' } }, { as: REP });
    expect(again.data!.disqualifyLead).toMatchObject({ __typename: 'ConflictError' });
    const asNew = await server.graphql(UpdateLead, { input: { id: lead.id, status: 'NEW' } }, { as: REP });
    expect(asNew.data!.updateLead).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'status'] }] });
    const reopened = await server.graphql(UpdateLead, { input: { id: lead.id, status: 'WORKING' } }, { as: REP });
    expect(reopened.data!.updateLead).toMatchObject({ lead: { status: 'WORKING', disqualificationReason: null } });
  });

  it('refuses QUALIFIED through updateLead: qualifying converts, and goes through qualifyLead', async () => {
    const lead = await capture(newContact());
    const result = await server.graphql(UpdateLead, { input: { id: lead.id, status: 'QUALIFIED' } }, { as: REP });
    expect(result.data!.updateLead).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'status'] }] });
  });
});

describe('qualifying a lead', () => {
  it('creates a person from the contact data, and an opportunity for them, in one go', async () => {
    const contact = newContact();
    const lead = await capture({ ...contact, estimatedAmount: '2400', currency: 'EUR' });
    const result = await qualify({ id: lead.id });
    const payload = result.data!.qualifyLead;
    if (payload.__typename !== 'QualifyLeadPayload') throw new Error(JSON.stringify(payload));
    expect(payload.customerResolution).toBe('CREATED');
    expect(payload.customer).toMatchObject({ __typename: 'Person', displayName: `Irene ${contact.lastName}`, audiences: ['PROSPECT'], primaryEmail: contact.email.toLowerCase(), primaryPhone: '+34612345678' });
    expect(payload.opportunity).toMatchObject({ name: lead.interest, stage: 'QUALIFICATION', amount: '2400.00', currency: 'EUR', ownerId: 'rep-lead-olga', expectedCloseDate: '2027-02-28' });
    expect(payload.opportunity.customer.id).toBe(payload.customer.id);
    expect(payload.lead).toMatchObject({ status: 'QUALIFIED', customer: { id: payload.customer.id }, opportunity: { id: payload.opportunity.id }, qualifiedAt: expect.any(String) });

    const timeline = await server.graphql(`query($id: ID!) { customer(id: $id) { timeline(first: 10) { edges { node { topic } } } } }`, { id: payload.customer.id });
    expect(timeline.data!.customer.timeline.edges.map((edge: { node: { topic: string } }) => edge.node.topic).sort()).toEqual(['customer.created', 'lead.qualified', 'opportunity.created']);
  });

  it('creates an organization when the lead names a company', async () => {
    const lead = await capture({ ...newContact(), companyName: `Hoteles del Sur ${sequence}` });
    const result = await qualify({ id: lead.id, stage: 'OPPORTUNITY', currency: 'EUR', opportunityName: 'Breakfast catering' });
    expect(result.data!.qualifyLead).toMatchObject({ customerResolution: 'CREATED', customer: { __typename: 'Organization', displayName: lead.companyName }, opportunity: { stage: 'OPPORTUNITY', name: 'Breakfast catering' } });
  });

  it('matches the live customer holding the e-mail instead of creating a duplicate', async () => {
    const before = await footprint();
    const lead = await capture({ lastName: 'Whoever', email: knownCustomer.email.toUpperCase(), currency: 'EUR', estimatedAmount: '50' });
    const result = await qualify({ id: lead.id });
    expect(result.data!.qualifyLead).toMatchObject({ customerResolution: 'MATCHED_BY_EMAIL', customer: { id: knownCustomer.id } });
    const after = await footprint();
    expect(after.customers).toBe(before.customers);
    expect(after.opportunities).toBe((before.opportunities as number) + 1);
  });

  it('uses the customer the lead concerns, or the one named', async () => {
    const linked = await capture({ source: 'PHONE_CALL', customerId: knownCustomer.id, estimatedAmount: '10', currency: 'USD' });
    const linkedResult = await qualify({ id: linked.id });
    expect(linkedResult.errors).toBeUndefined();
    expect(linkedResult.data!.qualifyLead).toMatchObject({ customerResolution: 'LINKED', customer: { id: knownCustomer.id }, opportunity: { currency: 'USD' } });
    const named = await capture(newContact());
    expect((await qualify({ id: named.id, customerId: prescriberId, currency: 'EUR' })).data!.qualifyLead).toMatchObject({ customerResolution: 'GIVEN', customer: { id: prescriberId } });
  });

  it('leaves nothing behind when any part is refused: no customer, no opportunity, the lead as it was', async () => {
    const withoutName = await capture({ lastName: `Solo ${++sequence}`, phone: '+34 699 000 111', currency: 'EUR', estimatedAmount: '100' });
    const before = await footprint();
    const noFirstName = await qualify({ id: withoutName.id });
    expect(noFirstName.data!.qualifyLead).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'createAs'] }] });
    const noCurrency = await capture(newContact());
    const before2 = await footprint();
    expect(before2.leads).toBe((before.leads as number) + 1);
    const missingCurrency = await qualify({ id: noCurrency.id });
    expect(missingCurrency.data!.qualifyLead).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'currency'] }] });
    const closedStage = await qualify({ id: noCurrency.id, currency: 'EUR', stage: 'CLOSED_WON' });
    expect(closedStage.data!.qualifyLead).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'stage'] }] });
    expect(await footprint()).toEqual(before2);
  });

  it("undoes the customer it created when the opportunity cannot be written (another rep's owner without the right)", async () => {
    const lead = await capture({ ...newContact(), currency: 'EUR', estimatedAmount: '10' });
    const before = await footprint();
    const result = await qualify({ id: lead.id, ownerId: 'rep-lead-pablo' });
    expect(result.data!.qualifyLead).toMatchObject({ __typename: 'ForbiddenError' });
    expect(await footprint()).toEqual(before);
  });

  it('qualifies a lead once, even when two reps try at the same moment', async () => {
    const lead = await capture({ ...newContact(), currency: 'EUR', estimatedAmount: '75' }, MANAGER);
    const before = await footprint();
    const results = await Promise.all([qualify({ id: lead.id }, MANAGER), qualify({ id: lead.id }, MANAGER)]);
    const kinds = results.map((result) => result.data!.qualifyLead.__typename).sort();
    expect(kinds).toEqual(['ConflictError', 'QualifyLeadPayload']);
    const after = await footprint();
    expect(after.customers).toBe((before.customers as number) + 1);
    expect(after.opportunities).toBe((before.opportunities as number) + 1);
    const conflict = results.find((result) => result.data!.qualifyLead.__typename === 'ConflictError')!.data!.qualifyLead as { existingId: string };
    const won = results.find((result) => result.data!.qualifyLead.__typename === 'QualifyLeadPayload')!.data!.qualifyLead as { opportunity: { id: string } };
    expect(conflict.existingId).toBe(won.opportunity.id);
  });

  it("refuses a disqualified lead, and a colleague's lead to a rep", async () => {
    const disqualified = await capture(newContact());
    await server.graphql(DisqualifyLead, { input: { id: disqualified.id, reason: 'UNREACHABLE' } }, { as: REP });
    expect((await qualify({ id: disqualified.id, currency: 'EUR' })).data!.qualifyLead).toMatchObject({ __typename: 'ConflictError' });
    const theirs = await capture({ ...newContact(), ownerId: 'rep-lead-pablo' }, OTHER_REP);
    expect((await qualify({ id: theirs.id, currency: 'EUR' })).data!.qualifyLead).toMatchObject({ __typename: 'ForbiddenError' });
  });
});

describe('the leads list', () => {
  it('filters by status, source, owner and text, newest first', async () => {
    const mine = await capture({ ...newContact(), source: 'EVENT', sourceDetail: 'Retail Forum', ownerId: 'rep-lead-olga', companyName: 'Zapatería Unique Lead' });
    const result = await server.graphql(
      `query($filter: LeadFilter) { leads(first: 5, filter: $filter) { totalCount edges { node { id source ownerId } } } }`,
      { filter: { sources: ['EVENT'], ownerIds: ['rep-lead-olga'], statuses: ['NEW'], search: 'unique lead' } },
      { as: REP },
    );
    expect(result.data!.leads).toEqual({ totalCount: 1, edges: [{ node: { id: mine.id, source: 'EVENT', ownerId: 'rep-lead-olga' } }] });
    const unassigned = await server.graphql(`{ leads(first: 100, filter: { unassigned: true }) { edges { node { ownerId } } } }`, {}, { as: REP });
    expect(unassigned.data!.leads.edges.every((edge: { node: { ownerId: string | null } }) => edge.node.ownerId === null)).toBe(true);
  });
});
