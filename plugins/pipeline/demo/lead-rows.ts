import type { Faker } from '@faker-js/faker';
import type { LeadDisqualificationReason, LeadSource, LeadStatus } from '../store/enums.ts';
import { centsText, convertedCents } from './catalog.ts';
import type { SeedCustomer } from './customers.ts';
import type { DemoDeal } from './deal-rows.ts';
import { DAY, type DemoDraws, type Weighted } from './random.ts';
import { SALES_REPS } from './team.ts';
import { DEAL_THEMES } from './themes.ts';

export interface LeadRow {
  id: string;
  tenantId: string;
  source: LeadSource;
  sourceDetail: string | null;
  status: LeadStatus;
  customerId: string | null;
  referrerId: string | null;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  email: string | null;
  phone: string | null;
  country: string | null;
  interest: string;
  estimatedAmount: string | null;
  currency: string | null;
  ownerId: string | null;
  disqualificationReason: LeadDisqualificationReason | null;
  disqualificationNote: string | null;
  qualifiedAt: string | null;
  opportunityId: string | null;
  createdAt: string;
  updatedAt: string;
}

const SOURCES: Weighted<LeadSource> = [['WEB_FORM', 34], ['EVENT', 16], ['PHONE_CALL', 14], ['EMAIL', 10], ['REFERRAL', 12], ['CAMPAIGN', 12], ['OTHER', 2]];
const SOURCE_DETAILS: Partial<Record<LeadSource, readonly string[]>> = {
  WEB_FORM: ['Contact form /empresas', 'Corporate gifts landing page', 'Catering quote form'],
  EVENT: ['Feria Alimentaria 2026', 'Retail Forum Madrid', 'HIP Horeca Professional Expo'],
  CAMPAIGN: ['Christmas B2B mailing', 'Spring catering campaign', 'LinkedIn office coffee ads'],
};
const DISQUALIFIED: Weighted<LeadDisqualificationReason> = [['NO_BUDGET', 22], ['NO_NEED', 20], ['UNREACHABLE', 18], ['BAD_TIMING', 14], ['COMPETITOR', 10], ['DUPLICATE', 6], ['SPAM', 5], ['NO_AUTHORITY', 5]];
const LEADS_PER_CUSTOMER = 0.06;

const ascii = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');

/**
 * Leads: the ones deals were qualified from (linked to their deal and customer), and the funnel's
 * open end — new and worked leads of the last weeks, older ones mostly disqualified — with contact
 * data of people and companies not yet customers, some about known customers, referrals from
 * prescribers.
 */
export function buildLeads(draws: DemoDraws, faker: Faker, tenantId: string, deals: readonly DemoDeal[], customers: readonly SeedCustomer[], now: Date): LeadRow[] {
  const leads: LeadRow[] = [];
  const base = (createdAt: Date, source: LeadSource) => ({
    id: draws.uuidV7(createdAt),
    tenantId,
    source,
    sourceDetail: SOURCE_DETAILS[source] ? draws.pick(SOURCE_DETAILS[source]) : null,
    referrerId: null as string | null,
    firstName: null as string | null,
    lastName: null as string | null,
    companyName: null as string | null,
    email: null as string | null,
    phone: null as string | null,
    country: null as string | null,
    disqualificationReason: null as LeadDisqualificationReason | null,
    disqualificationNote: null as string | null,
    qualifiedAt: null as string | null,
    opportunityId: null as string | null,
    createdAt: createdAt.toISOString(),
  });

  for (const deal of deals) {
    if (deal.path.moves[0]!.to !== 'QUALIFICATION' || !draws.chance(0.6)) continue;
    const createdAt = new Date(deal.path.createdAt.getTime() - draws.int(2, 20) * DAY);
    leads.push({
      ...base(createdAt, draws.weighted(SOURCES)),
      status: 'QUALIFIED',
      customerId: deal.customer.id,
      interest: deal.row.name.split(' – ')[0]!,
      estimatedAmount: deal.row.amount,
      currency: deal.row.amount ? deal.row.currency : null,
      ownerId: deal.row.ownerId,
      qualifiedAt: deal.row.createdAt,
      opportunityId: deal.row.id,
      updatedAt: deal.row.createdAt,
    });
  }

  const prescribers = customers.filter((customer) => customer.audiences.includes('PRESCRIBER'));
  const count = Math.round(customers.length * LEADS_PER_CUSTOMER);
  for (let index = 0; index < count; index++) {
    const ageDays = draws.int(0, 180);
    const createdAt = draws.workingTime(new Date(now.getTime() - (ageDays + 1) * DAY), 0);
    const source = prescribers.length > 0 ? draws.weighted(SOURCES) : 'WEB_FORM';
    const status: LeadStatus = ageDays < 14 ? (draws.chance(0.6) ? 'NEW' : 'WORKING') : draws.chance(0.65) ? 'DISQUALIFIED' : 'WORKING';
    const lead = { ...base(createdAt, source), status, customerId: null as string | null, ownerId: status === 'NEW' && draws.chance(0.7) ? null : draws.weighted(SALES_REPS) };
    if (source === 'REFERRAL') lead.referrerId = draws.pick(prescribers).id;
    if (draws.chance(0.2)) {
      lead.customerId = draws.pick(customers).id;
    } else {
      const firstName = faker.person.firstName();
      const lastName = faker.person.lastName();
      const company = draws.chance(0.6) ? faker.company.name() : null;
      Object.assign(lead, {
        firstName,
        lastName,
        companyName: company,
        email: `${ascii(firstName)}.${ascii(lastName)}${draws.int(1, 999)}@${company ? ascii(company).slice(0, 20) || 'empresa' : 'correo'}.es`,
        phone: draws.chance(0.7) ? `+346${String(draws.int(0, 99_999_999)).padStart(8, '0')}` : null,
        country: 'ES',
      });
    }
    const amount = draws.chance(0.4) ? centsText(convertedCents(2_000 * draws.spread(0.9), 'EUR')) : null;
    const updated = new Date(Math.min(now.getTime(), createdAt.getTime() + draws.int(0, 10) * DAY));
    leads.push({
      ...lead,
      interest: draws.pick(DEAL_THEMES).name,
      estimatedAmount: amount,
      currency: amount ? 'EUR' : null,
      disqualificationReason: status === 'DISQUALIFIED' ? draws.weighted(DISQUALIFIED) : null,
      updatedAt: (status === 'NEW' ? createdAt : updated).toISOString(),
    });
  }
  return leads;
}
