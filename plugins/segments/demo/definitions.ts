import type { FactConditionInput } from '../../../src/plugin-api.ts';
import type { SegmentRuleInput } from '../rules/segment-rule.ts';

/** What a demo rule may ask while it is being written: which areas are there, and the row id of an earlier demo segment. */
export interface DemoRuleScope {
  enabled(area: string): boolean;
  segmentId(key: string): string;
}

/** A segment the source documents describe, as a marketer would have saved it. */
export interface DemoSegment {
  /** How other demo segments refer to it; never stored. */
  key: string;
  name: string;
  description: string;
  ownerId: string;
  kind: 'DYNAMIC' | 'STATIC';
  /** When it was saved; by default when the replayed history starts. */
  createdDaysAgo?: number;
  /** Areas the rule cannot do without: the segment is left out when one of them is not enabled. */
  needs?: readonly string[];
  rule?: (scope: DemoRuleScope) => SegmentRuleInput;
  /**
   * Conditions that read a current fact as it stood at `at`, for replaying the past (a consent
   * granted later was not granted then). Every replay also leaves out customers created after `at`.
   */
  asItWas?: (at: Date) => SegmentRuleInput[];
}

const fact = (condition: FactConditionInput): SegmentRuleInput => ({ fact: condition });
const purchases = [{ name: 'kind', values: ['PURCHASE'] }];
const complaints = [{ name: 'kind', values: ['COMPLAINT'] }];
const emailConsent = [{ name: 'channel', values: ['EMAIL'] }];

// Thresholds are chosen so that every segment has members in the 2,300-customer demo tenant and
// none holds nearly everyone (the seed test checks both).
const FREQUENT_PURCHASES = 3;
const FREQUENT_WINDOW_DAYS = 90;
const BIG_SPEND_EUR = 1_000;
const LAPSED_AFTER_DAYS = 180;
// How far back "bought before" looks: the longest window a condition may have.
const WHOLE_HISTORY_DAYS = 3_650;

/** In dependency order: a segment comes after those its rule refers to. */
export const DEMO_SEGMENTS: readonly DemoSegment[] = [
  {
    key: 'key-accounts-spain',
    name: 'Key accounts in Spain',
    description: 'Customers marked as key accounts whose country is Spain: the accounts the Spanish sales team looks after personally.',
    ownerId: 'sales-manager',
    kind: 'DYNAMIC',
    rule: () => ({
      all: [fact({ fact: 'profile.audiences', operator: 'INCLUDES_ANY', values: ['KEY_ACCOUNT'] }), fact({ fact: 'profile.country', operator: 'EQUALS', text: 'ES' })],
    }),
  },
  {
    key: 'lapsed-buyers',
    name: 'Lapsed buyers',
    description: `Customers who bought before but made no purchase in the last ${LAPSED_AFTER_DAYS} days: the audience of win-back campaigns.`,
    ownerId: 'marketing-lead',
    kind: 'DYNAMIC',
    rule: () =>
      fact({ fact: 'interactions.lastAt', operator: 'NOT_WITHIN_LAST_DAYS', days: LAPSED_AFTER_DAYS, filters: purchases, window: { lastDays: WHOLE_HISTORY_DAYS } }),
  },
  {
    key: 'complained-recently',
    name: 'Complained in the last 30 days',
    description: 'Customers who complained through any channel, or opened a complaint ticket, in the last 30 days: kept out of promotions and called by the service team.',
    ownerId: 'service-lead',
    kind: 'DYNAMIC',
    rule: (scope) => {
      const complained = fact({ fact: 'interactions.count', operator: 'AT_LEAST', number: 1, filters: complaints, window: { lastDays: 30 } });
      if (!scope.enabled('tickets')) return complained;
      return { any: [complained, fact({ fact: 'tickets.opened', operator: 'AT_LEAST', number: 1, filters: complaints, window: { lastDays: 30 } })] };
    },
  },
  {
    key: 'email-consent',
    name: 'Consented to e-mail',
    description: 'Customers who have given, and not withdrawn, their consent to be contacted by e-mail: the only ones e-mail campaigns may reach.',
    ownerId: 'marketing-lead',
    kind: 'DYNAMIC',
    rule: () => fact({ fact: 'profile.consentGrantedAt', operator: 'IS_SET', filters: emailConsent }),
    asItWas: (at) => [fact({ fact: 'profile.consentGrantedAt', operator: 'BEFORE', dateTime: at, filters: emailConsent })],
  },
  {
    key: 'birthday-this-month',
    name: 'Birthday this month',
    description: 'People whose birthday falls in the current month: the audience of the monthly birthday greeting.',
    ownerId: 'marketing-lead',
    kind: 'DYNAMIC',
    rule: () => ({ all: [fact({ fact: 'profile.kind', operator: 'EQUALS', text: 'PERSON' }), fact({ fact: 'profile.birthdayThisMonth', operator: 'IS_TRUE' })] }),
  },
  {
    key: 'organizations-open-deals',
    name: 'Organizations with open deals',
    description: 'Organizations with at least one opportunity not yet won or lost: accounts in the middle of a sale, left out of generic campaigns.',
    ownerId: 'sales-manager',
    kind: 'DYNAMIC',
    needs: ['pipeline'],
    rule: () => ({
      all: [fact({ fact: 'profile.kind', operator: 'EQUALS', text: 'ORGANIZATION' }), fact({ fact: 'pipeline.openDeals', operator: 'AT_LEAST', number: 1 })],
    }),
  },
  {
    key: 'frequent-buyers',
    name: 'Frequent buyers',
    description: `Customers with at least ${FREQUENT_PURCHASES} purchases in the last ${FREQUENT_WINDOW_DAYS} days: candidates for the loyalty club.`,
    ownerId: 'crm-analyst',
    kind: 'DYNAMIC',
    rule: () => fact({ fact: 'interactions.count', operator: 'AT_LEAST', number: FREQUENT_PURCHASES, filters: purchases, window: { lastDays: FREQUENT_WINDOW_DAYS } }),
  },
  {
    key: 'big-spenders',
    name: 'Big spenders',
    description: `Customers whose purchases in euros add up to at least ${BIG_SPEND_EUR.toLocaleString('en-US')} EUR over the last 365 days.`,
    ownerId: 'crm-analyst',
    kind: 'DYNAMIC',
    rule: () => fact({ fact: 'interactions.purchaseTotal', operator: 'AT_LEAST', number: BIG_SPEND_EUR, currency: 'EUR', window: { lastDays: 365 } }),
  },
  {
    key: 'new-customers',
    name: 'New customers',
    description: 'Customers first recorded in the last 30 days: the audience of the welcome programme.',
    ownerId: 'marketing-lead',
    kind: 'DYNAMIC',
    rule: () => fact({ fact: 'profile.createdAt', operator: 'WITHIN_LAST_DAYS', days: 30 }),
  },
  {
    key: 'active-madrid',
    name: 'Active people in Madrid',
    description: 'Active people who live in the city of Madrid: invited to in-store events at the Madrid shops.',
    ownerId: 'marketing-lead',
    kind: 'DYNAMIC',
    rule: () => ({
      all: [
        fact({ fact: 'profile.kind', operator: 'EQUALS', text: 'PERSON' }),
        fact({ fact: 'profile.lifecycle', operator: 'EQUALS', text: 'ACTIVE' }),
        fact({ fact: 'profile.city', operator: 'EQUALS', text: 'Madrid' }),
      ],
    }),
  },
  {
    key: 'high-value-lapsed',
    name: 'High-value lapsed',
    description: 'Big spenders who have become lapsed buyers: the first to win back, with a personal call rather than an e-mail.',
    ownerId: 'crm-analyst',
    kind: 'DYNAMIC',
    rule: (scope) => ({ all: [{ inSegment: scope.segmentId('big-spenders') }, { inSegment: scope.segmentId('lapsed-buyers') }] }),
  },
  {
    key: 'high-value-at-risk',
    name: 'High value at risk',
    description: 'Customers in the top two monetary quintiles whose churn risk is 50 % or more ("riesgo de huida"): the retention team calls them first.',
    ownerId: 'crm-analyst',
    kind: 'DYNAMIC',
    // Scores are computed as the demo is seeded: the segment is as young as they are.
    createdDaysAgo: 2,
    rule: () => ({
      all: [fact({ fact: 'segments.monetaryScore', operator: 'AT_LEAST', number: 4 }), fact({ fact: 'segments.churnRisk', operator: 'AT_LEAST', number: 0.5 })],
    }),
  },
  {
    key: 'christmas-2026',
    name: 'Christmas campaign 2026 audience',
    description: 'A snapshot of the customers in Spain who bought in the last year and accept e-mail: the audience the Christmas campaign was sent to.',
    ownerId: 'marketing-lead',
    kind: 'STATIC',
    // Its snapshot is taken when it is saved.
    createdDaysAgo: 14,
    rule: () => ({
      all: [
        fact({ fact: 'profile.country', operator: 'EQUALS', text: 'ES' }),
        fact({ fact: 'profile.consentGrantedAt', operator: 'IS_SET', filters: emailConsent }),
        fact({ fact: 'interactions.count', operator: 'AT_LEAST', number: 1, filters: purchases, window: { lastDays: 365 } }),
      ],
    }),
    asItWas: (at) => [fact({ fact: 'profile.consentGrantedAt', operator: 'BEFORE', dateTime: at, filters: emailConsent })],
  },
  {
    key: 'vip-event-guests',
    name: 'VIP event guests',
    description: 'The guests of the VIP evening at the flagship store, chosen by hand among active customers and key accounts.',
    ownerId: 'marketing-lead',
    kind: 'STATIC',
    createdDaysAgo: 30,
  },
];
