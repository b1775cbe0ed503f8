import type { Builder } from '../builder.ts';
import { CUSTOMER_FACT_TYPES, type CustomerFact } from './customer-fact.ts';
import { FACT_OPERATORS, MAX_OPERAND_VALUES, OPERATORS_BY_TYPE, type FactConditionInput } from './fact-condition.ts';

const bounded = { extensions: { maxItems: MAX_OPERAND_VALUES } } as const;
/** Filters a condition may give: more than any fact declares. */
const MAX_CONDITION_FILTERS = 10;

/**
 * The contract's side of customer facts: the catalogue query and the condition input that segment
 * rules and customer filters share.
 */
export function registerFactTypes(builder: Builder, facts: ReadonlyMap<string, CustomerFact>) {
  const FactType = builder.enumType('CustomerFactType', {
    description: 'The kind of value a customer fact takes; it decides the operators a condition may use.',
    values: Object.fromEntries(
      CUSTOMER_FACT_TYPES.map((type) => [type, { description: FACT_TYPE_DESCRIPTIONS[type] }]),
    ) as Record<(typeof CUSTOMER_FACT_TYPES)[number], { description: string }>,
  });

  const FactOperator = builder.enumType('FactOperator', {
    description: 'What a condition checks of a fact’s value.',
    values: Object.fromEntries(Object.entries(FACT_OPERATORS).map(([name, operator]) => [name, { description: operator.description }])) as Record<
      keyof typeof FACT_OPERATORS,
      { description: string }
    >,
  });

  const FactWindow = builder.inputType('FactWindowInput', {
    description: 'The time a counted fact looks at: the last `lastDays` days, or from `from` to `to`.',
    fields: (t) => ({
      lastDays: t.int({ description: 'Days back from now (1–3660); moves with the clock.' }),
      from: t.field({ type: 'DateTime', description: 'Start of a fixed window, included.' }),
      to: t.field({ type: 'DateTime', description: 'End of a fixed window, excluded.' }),
    }),
  });

  const FactFilter = builder.inputType('FactFilterInput', {
    description: 'Narrows what a fact counts, e.g. `{ name: "channel", values: ["POINT_OF_SALE"] }`.',
    fields: (t) => ({
      name: t.string({ required: true, description: 'One of the fact’s filters (see `CustomerFact.filters`).' }),
      values: t.stringList({ required: true, description: 'The values to keep.', ...bounded }),
    }),
  });

  const FactCondition = builder.inputType('CustomerFactConditionInput', {
    description:
      'A condition on one customer fact: the fact, an operator and the operand that operator takes (`text`, `number`, `dateTime`, `days`, `min` and `max`, or `values`), with the fact’s parameters (`window`, `filters`, `path`, `currency`).',
    fields: (t) => ({
      fact: t.string({ required: true, description: 'The fact’s name, e.g. "interactions.count" (see the `customerFacts` query).' }),
      operator: t.field({ type: FactOperator, required: true, description: 'What to check of the value.' }),
      text: t.string({ description: 'Operand of EQUALS / NOT_EQUALS on text and enum facts, and of CONTAINS.' }),
      number: t.float({ description: 'Operand of the comparisons of number and money facts.' }),
      dateTime: t.field({ type: 'DateTime', description: 'Operand of BEFORE and AFTER.' }),
      days: t.int({ description: 'Operand of WITHIN_LAST_DAYS and NOT_WITHIN_LAST_DAYS (1–3660).' }),
      min: t.float({ description: 'Lower bound of BETWEEN, included.' }),
      max: t.float({ description: 'Upper bound of BETWEEN, included.' }),
      values: t.stringList({ description: 'Operand of IN, NOT_IN and the INCLUDES operators.', ...bounded }),
      window: t.field({ type: FactWindow, description: 'The time a counted fact looks at (facts that take a window).' }),
      filters: t.field({ type: [FactFilter], description: 'Narrows what the fact counts (facts that declare filters).', extensions: { maxItems: MAX_CONDITION_FILTERS } }),
      path: t.string({ description: 'A dotted path into JSON data, e.g. "loyalty.tier" (facts that take a path).' }),
      currency: t.string({ description: 'ISO 4217 currency of the amounts (facts that take one).' }),
    }),
  });

  const FactFilterDeclaration = builder.objectRef<{ name: string; description: string; values: readonly string[]; required: boolean }>('CustomerFactFilter').implement({
    description: 'A filter a fact accepts.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'Its name in `FactFilterInput.name`.' }),
      description: t.exposeString('description', { description: 'What it narrows.' }),
      values: t.exposeStringList('values', { description: 'The values it accepts.' }),
      required: t.exposeBoolean('required', { description: 'A condition on the fact must give it.' }),
    }),
  });

  const FactRef = builder.objectRef<CustomerFact>('CustomerFact').implement({
    description: 'Something known about every customer, which segment rules and customer filters can test.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'Its name in conditions, "area.name".' }),
      label: t.exposeString('label', { description: 'How explanations call it.' }),
      description: t.exposeString('description', { description: 'What it is.' }),
      type: t.field({ type: FactType, description: 'The kind of value.', resolve: (fact) => fact.type }),
      values: t.stringList({ nullable: true, description: 'For enum facts, the values it takes.', resolve: (fact) => (fact.values ? [...fact.values] : null) }),
      operators: t.field({ type: [FactOperator], description: 'The operators a condition may use on it.', resolve: (fact) => [...OPERATORS_BY_TYPE[fact.type]] }),
      window: t.string({ nullable: true, description: 'Whether it takes a window: "OPTIONAL", "REQUIRED", or null.', resolve: (fact) => fact.parameters?.window ?? null }),
      filters: t.field({
        type: [FactFilterDeclaration],
        description: 'The filters it accepts.',
        resolve: (fact) => Object.entries(fact.parameters?.filters ?? {}).map(([name, filter]) => ({ name, description: filter.description, values: filter.values, required: filter.required ?? false })),
      }),
      takesPath: t.boolean({ description: 'A condition on it gives a JSON `path`.', resolve: (fact) => fact.parameters?.path ?? false }),
      takesCurrency: t.boolean({ description: 'A condition on it gives a `currency`.', resolve: (fact) => fact.parameters?.currency ?? false }),
    }),
  });

  builder.queryField('customerFacts', (t) =>
    t.field({
      type: [FactRef],
      authScopes: { authenticated: true },
      description: 'Every fact the enabled areas know about customers, with the operators and parameters a condition on each takes.',
      resolve: () => [...facts.values()],
    }),
  );

  return { FactCondition };
}

export type FactConditionRef = ReturnType<typeof registerFactTypes>['FactCondition'];
export type { FactConditionInput };

const FACT_TYPE_DESCRIPTIONS: Record<(typeof CUSTOMER_FACT_TYPES)[number], string> = {
  TEXT: 'Text, compared exactly or by substring.',
  NUMBER: 'A number (a count, an age, a score).',
  MONEY: 'An amount of money in one currency.',
  DATE_TIME: 'An instant (UTC).',
  BOOLEAN: 'True or false.',
  ENUM: 'One of a fixed set of values.',
  ENUM_LIST: 'Any number of a fixed set of values.',
};
