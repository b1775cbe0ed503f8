import type { Builder } from '../../src/plugin-api.ts';
import { rfmCellPlaces } from './scores/rfm-cells.ts';
import { RfmCell, SegmentEntrySource, SegmentKind, ValueModelMethod } from './store/enums.ts';

const KIND = {
  DYNAMIC: 'A rule kept live: customers enter and leave as their facts change and as time passes.',
  STATIC: 'A fixed list: a snapshot taken from a rule at a moment, or customers added and removed by hand.',
} as const;

const SOURCE = {
  RULE: "The dynamic segment's rule came to hold for the customer.",
  SNAPSHOT: "The customer was in a static segment's snapshot.",
  MANUAL: 'Someone added the customer by hand.',
} as const;

const CELL_MEANING = {
  CHAMPIONS: 'Bought recently, buy often and spend the most.',
  LOYAL: 'Buy often and spend well, recently enough.',
  POTENTIAL_LOYALISTS: 'Recent customers with average frequency and spend.',
  NEW_CUSTOMERS: 'Bought very recently, for the first times.',
  PROMISING: 'Recent buyers who have not spent much yet.',
  NEEDS_ATTENTION: 'Average on everything, and slipping.',
  ABOUT_TO_SLEEP: 'Average recency, little frequency and spend.',
  AT_RISK: 'Spent well and bought often, but long ago.',
  CANNOT_LOSE: 'The biggest and most frequent buyers, who have not come back for a long time.',
  HIBERNATING: 'Last purchase long ago, few orders, low spend.',
  LOST: 'Lowest recency, frequency and spend.',
} as const;
const places = rfmCellPlaces();
const CELL = Object.fromEntries(Object.entries(CELL_MEANING).map(([cell, meaning]) => [cell, `${meaning} (${places[cell as keyof typeof places]})`])) as Record<keyof typeof CELL_MEANING, string>;

const METHOD = {
  BG_NBD_GAMMA_GAMMA: "BG/NBD for repeat purchases and Gamma-Gamma for spend, fitted by maximum likelihood on the tenant's purchases.",
  FALLBACK: "The tenant has too few repeat buyers to fit the models: each customer's own purchase rate and mean spend.",
} as const;

const described = <Values extends string>(descriptions: Record<Values, string>) =>
  Object.fromEntries(Object.entries(descriptions).map(([value, description]) => [value, { description }])) as Record<Values, { description: string }>;

/** The segments area's enums, registered once. */
export function registerSegmentEnums(builder: Builder) {
  const check = <T extends Record<string, string>>(values: T, descriptions: Record<keyof T, string>) => descriptions;
  return {
    Kind: builder.enumType('SegmentKind', { description: 'How a segment keeps its members.', values: described(check(SegmentKind, KIND)) }),
    Source: builder.enumType('SegmentEntrySource', { description: 'How a customer came into a segment.', values: described(check(SegmentEntrySource, SOURCE)) }),
    Cell: builder.enumType('RfmCell', { description: 'The RFM cells marketers name, by recency score (R) against the average of the frequency and monetary scores rounded down (FM), each 1–5 by quintile within the tenant.', values: described(check(RfmCell, CELL)) }),
    Method: builder.enumType('ValueModelMethod', { description: "How a tenant's predicted values were computed.", values: described(check(ValueModelMethod, METHOD)) }),
  };
}

export type SegmentEnums = ReturnType<typeof registerSegmentEnums>;
