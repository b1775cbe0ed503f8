import type { CustomerFact, CustomerFactType, FactArguments } from './customer-fact.ts';

/** The operators a condition applies to a fact's value, and the operand each takes. */
export const FACT_OPERATORS = {
  EQUALS: { operand: 'single', description: 'The value equals `text` (text, enum), `number` or `dateTime`.' },
  NOT_EQUALS: { operand: 'single', description: 'The value is set and differs from the operand.' },
  IN: { operand: 'values', description: 'The value is one of `values`.' },
  NOT_IN: { operand: 'values', description: 'The value is set and none of `values`.' },
  CONTAINS: { operand: 'text', description: 'The text contains `text`, ignoring case.' },
  GREATER_THAN: { operand: 'number', description: 'The number is greater than `number`.' },
  AT_LEAST: { operand: 'number', description: 'The number is at least `number` (≥).' },
  LESS_THAN: { operand: 'number', description: 'The number is less than `number`.' },
  AT_MOST: { operand: 'number', description: 'The number is at most `number` (≤).' },
  BETWEEN: { operand: 'range', description: 'The number is within `min` … `max`, both included.' },
  BEFORE: { operand: 'dateTime', description: 'The instant is before `dateTime`.' },
  AFTER: { operand: 'dateTime', description: 'The instant is after `dateTime`.' },
  WITHIN_LAST_DAYS: { operand: 'days', description: 'The instant lies within the last `days` days.' },
  NOT_WITHIN_LAST_DAYS: { operand: 'days', description: 'The instant is set and older than `days` days.' },
  INCLUDES_ANY: { operand: 'values', description: 'The list holds at least one of `values`.' },
  INCLUDES_ALL: { operand: 'values', description: 'The list holds every one of `values`.' },
  INCLUDES_NONE: { operand: 'values', description: 'The list holds none of `values`.' },
  IS_TRUE: { operand: 'none', description: 'The flag is true.' },
  IS_FALSE: { operand: 'none', description: 'The flag is false or unknown.' },
  IS_SET: { operand: 'none', description: 'The fact has a value.' },
  IS_NOT_SET: { operand: 'none', description: 'The fact has no value.' },
} as const;
export type FactOperator = keyof typeof FACT_OPERATORS;

/** The operators that make sense for each type of value. */
export const OPERATORS_BY_TYPE: Readonly<Record<CustomerFactType, readonly FactOperator[]>> = {
  TEXT: ['EQUALS', 'NOT_EQUALS', 'IN', 'NOT_IN', 'CONTAINS', 'IS_SET', 'IS_NOT_SET'],
  NUMBER: ['EQUALS', 'NOT_EQUALS', 'GREATER_THAN', 'AT_LEAST', 'LESS_THAN', 'AT_MOST', 'BETWEEN', 'IS_SET', 'IS_NOT_SET'],
  MONEY: ['EQUALS', 'NOT_EQUALS', 'GREATER_THAN', 'AT_LEAST', 'LESS_THAN', 'AT_MOST', 'BETWEEN', 'IS_SET', 'IS_NOT_SET'],
  DATE_TIME: ['BEFORE', 'AFTER', 'WITHIN_LAST_DAYS', 'NOT_WITHIN_LAST_DAYS', 'IS_SET', 'IS_NOT_SET'],
  BOOLEAN: ['IS_TRUE', 'IS_FALSE'],
  ENUM: ['EQUALS', 'NOT_EQUALS', 'IN', 'NOT_IN', 'IS_SET', 'IS_NOT_SET'],
  ENUM_LIST: ['INCLUDES_ANY', 'INCLUDES_ALL', 'INCLUDES_NONE'],
};

/** The longest window, and the most days back, a condition may reach. */
export const MAX_WINDOW_DAYS = 3660;
/** Values a list operand may hold. */
export const MAX_OPERAND_VALUES = 100;

/** A condition on one fact, as a client writes it (and as it is stored). */
export interface FactConditionInput {
  fact: string;
  operator: FactOperator;
  text?: string | null;
  number?: number | null;
  dateTime?: Date | string | null;
  days?: number | null;
  min?: number | null;
  max?: number | null;
  values?: readonly string[] | null;
  window?: { lastDays?: number | null; from?: Date | string | null; to?: Date | string | null } | null;
  filters?: readonly { name: string; values: readonly string[] }[] | null;
  path?: string | null;
  currency?: string | null;
}

/** One thing wrong with a condition, at its path within the input (e.g. `rule.all.1.fact.window`). */
export interface ConditionProblem {
  path: string;
  message: string;
}

/** A condition checked against its fact: what the SQL and the explanation need. */
export interface CheckedCondition {
  fact: CustomerFact;
  operator: FactOperator;
  operand: Operand;
  arguments: FactArguments;
  /** Window given in days back from the evaluation's now, kept to resolve at each evaluation. */
  lastDays?: number;
}

export type Operand =
  | { kind: 'none' }
  | { kind: 'text'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'dateTime'; value: Date }
  | { kind: 'days'; value: number }
  | { kind: 'range'; min: number; max: number }
  | { kind: 'values'; values: readonly string[] };

const PATH_SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;
const CURRENCY = /^[A-Z]{3}$/;

/**
 * Checks a condition against the catalogue; every problem is reported (never only the first), each
 * with its path. Returns the checked condition when there is none.
 */
export function checkCondition(
  input: FactConditionInput,
  facts: ReadonlyMap<string, CustomerFact>,
  path: string,
  problems: ConditionProblem[],
): CheckedCondition | null {
  const before = problems.length;
  const report = (where: string, message: string) => problems.push({ path: where ? `${path}.${where}` : path, message });
  const fact = facts.get(input.fact);
  if (!fact) {
    report('fact', `Unknown fact "${input.fact}"; the customerFacts query lists them.`);
    return null;
  }
  const allowed = OPERATORS_BY_TYPE[fact.type];
  if (!allowed.includes(input.operator)) {
    report('operator', `${input.operator} does not apply to ${fact.name}, a ${fact.type} fact; use one of ${allowed.join(', ')}.`);
  }
  const operand = checkOperand(input, fact, report);
  const checkedArguments = checkArguments(input, fact, report);
  if (problems.length > before || !operand || !checkedArguments) return null;
  return { fact, operator: input.operator, operand, arguments: checkedArguments.arguments, lastDays: checkedArguments.lastDays };
}

type Report = (where: string, message: string) => void;

function checkOperand(input: FactConditionInput, fact: CustomerFact, report: Report): Operand | null {
  const kind = FACT_OPERATORS[input.operator].operand;
  const given = (['text', 'number', 'dateTime', 'days', 'min', 'max', 'values'] as const).filter((field) => input[field] !== null && input[field] !== undefined);
  const expected: readonly string[] =
    kind === 'single' ? [singleOperandField(fact.type)] : kind === 'range' ? ['min', 'max'] : kind === 'none' ? [] : [kind];
  for (const field of given) if (!expected.includes(field)) report(field, `${input.operator} on a ${fact.type} fact takes no \`${field}\`${expected.length ? `; give ${expected.map((name) => `\`${name}\``).join(' and ')}` : ''}.`);
  for (const field of expected) if (!given.includes(field as (typeof given)[number])) report(field, `${input.operator} needs \`${field}\`.`);
  if (given.some((field) => !expected.includes(field)) || expected.some((field) => !given.includes(field as (typeof given)[number]))) return null;
  switch (kind) {
    case 'none':
      return { kind: 'none' };
    case 'single':
    case 'text':
    case 'number':
    case 'dateTime':
      return singleOperand(input, fact, expected[0]!, report);
    case 'days': {
      const days = input.days!;
      if (!Number.isInteger(days) || days < 1 || days > MAX_WINDOW_DAYS) return report('days', `days must be a whole number from 1 to ${MAX_WINDOW_DAYS}.`), null;
      return { kind: 'days', value: days };
    }
    case 'range': {
      if (input.min! > input.max!) return report('max', 'max must not be below min.'), null;
      return { kind: 'range', min: input.min!, max: input.max! };
    }
    case 'values': {
      const values = input.values!;
      if (values.length === 0 || values.length > MAX_OPERAND_VALUES) return report('values', `values must hold 1 to ${MAX_OPERAND_VALUES} entries.`), null;
      if (fact.values) {
        const unknown = values.filter((value) => !fact.values!.includes(value));
        if (unknown.length) return report('values', `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a value' : 'are not values'} of ${fact.name} (${fact.values.join(', ')}).`), null;
      }
      return { kind: 'values', values: [...new Set(values)] };
    }
  }
}

function singleOperandField(type: CustomerFactType): string {
  return type === 'NUMBER' || type === 'MONEY' ? 'number' : type === 'DATE_TIME' ? 'dateTime' : 'text';
}

function singleOperand(input: FactConditionInput, fact: CustomerFact, field: string, report: Report): Operand | null {
  if (field === 'number') {
    if (!Number.isFinite(input.number)) return report('number', 'number must be finite.'), null;
    return { kind: 'number', value: input.number! };
  }
  if (field === 'dateTime') {
    const value = new Date(input.dateTime!);
    if (Number.isNaN(value.getTime())) return report('dateTime', 'dateTime is not an instant.'), null;
    return { kind: 'dateTime', value };
  }
  const text = input.text!;
  if (fact.values && !fact.values.includes(text)) return report('text', `"${text}" is not a value of ${fact.name} (${fact.values.join(', ')}).`), null;
  return { kind: 'text', value: text };
}

function checkArguments(input: FactConditionInput, fact: CustomerFact, report: Report): { arguments: FactArguments; lastDays?: number } | null {
  const parameters = fact.parameters ?? {};
  let ok = true;
  const fail = (where: string, message: string) => {
    ok = false;
    report(where, message);
  };
  const result: { arguments: FactArguments & { filters: Record<string, readonly string[]> }; lastDays?: number } = { arguments: { filters: {} } };

  if (input.window) {
    if (!parameters.window) fail('window', `${fact.name} takes no window.`);
    else {
      const { lastDays, from, to } = input.window;
      const hasDays = lastDays !== null && lastDays !== undefined;
      const hasRange = (from !== null && from !== undefined) || (to !== null && to !== undefined);
      if (hasDays === hasRange) fail('window', 'A window is either `lastDays` or `from` and `to`.');
      else if (hasDays) {
        if (!Number.isInteger(lastDays) || lastDays! < 1 || lastDays! > MAX_WINDOW_DAYS) fail('window.lastDays', `lastDays must be a whole number from 1 to ${MAX_WINDOW_DAYS}.`);
        else result.lastDays = lastDays!;
      } else {
        const start = from ? new Date(from) : null;
        const end = to ? new Date(to) : null;
        if (!start || !end) fail('window', 'A window between two dates needs both `from` and `to`.');
        else if (!(start < end)) fail('window.to', '`to` must be after `from`.');
        else if (end.getTime() - start.getTime() > MAX_WINDOW_DAYS * 86_400_000) fail('window', `A window spans at most ${MAX_WINDOW_DAYS} days.`);
        else result.arguments.window = { from: start, to: end };
      }
    }
  } else if (parameters.window === 'REQUIRED') fail('window', `${fact.name} needs a window (\`lastDays\`, or \`from\` and \`to\`).`);

  const declared = parameters.filters ?? {};
  const seen = new Set<string>();
  (input.filters ?? []).forEach((filter, index) => {
    const where = `filters.${index}`;
    const declaration = declared[filter.name];
    if (!declaration) return fail(`${where}.name`, `${fact.name} has no filter "${filter.name}"${Object.keys(declared).length ? ` (it has ${Object.keys(declared).join(', ')})` : ''}.`);
    if (seen.has(filter.name)) return fail(`${where}.name`, `The filter "${filter.name}" is given twice.`);
    seen.add(filter.name);
    if (filter.values.length === 0 || filter.values.length > MAX_OPERAND_VALUES) return fail(`${where}.values`, `A filter holds 1 to ${MAX_OPERAND_VALUES} values.`);
    const unknown = filter.values.filter((value) => !declaration.values.includes(value));
    if (unknown.length) return fail(`${where}.values`, `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a' : 'are not'} ${filter.name} value${unknown.length === 1 ? '' : 's'} (${declaration.values.join(', ')}).`);
    result.arguments.filters[filter.name] = [...new Set(filter.values)];
  });
  for (const [name, declaration] of Object.entries(declared)) if (declaration.required && !seen.has(name)) fail('filters', `${fact.name} needs the filter "${name}".`);

  if (input.path !== null && input.path !== undefined) {
    if (!parameters.path) fail('path', `${fact.name} takes no path.`);
    else {
      const segments = input.path.split('.');
      if (segments.length > 8 || !segments.every((segment) => PATH_SEGMENT.test(segment))) fail('path', 'A path is up to 8 dotted names of letters, digits, "_" and "-", e.g. "loyalty.tier".');
      else result.arguments.path = segments;
    }
  } else if (parameters.path) fail('path', `${fact.name} needs a path, e.g. "loyalty.tier".`);

  if (input.currency !== null && input.currency !== undefined) {
    if (!parameters.currency) fail('currency', `${fact.name} takes no currency.`);
    else if (!CURRENCY.test(input.currency)) fail('currency', 'A currency is an ISO 4217 code such as EUR.');
    else result.arguments.currency = input.currency;
  } else if (parameters.currency) fail('currency', `${fact.name} needs a currency, e.g. EUR.`);

  return ok ? result : null;
}

/**
 * The arguments at an instant: a window of the last D days starts D days before `now`, and is open
 * (anything recorded since counts) unless `asOf` closes it at `now`, to read the past as it was.
 */
export function argumentsAt(condition: CheckedCondition, now: Date, asOf = false): FactArguments {
  if (condition.lastDays === undefined) return condition.arguments;
  const from = new Date(now.getTime() - condition.lastDays * 86_400_000);
  return { ...condition.arguments, window: asOf ? { from, to: now } : { from } };
}

/** True when the condition's truth can change with the clock alone. */
export function movesWithTime(condition: CheckedCondition): boolean {
  if (condition.lastDays !== undefined) return true;
  if (condition.operator === 'WITHIN_LAST_DAYS' || condition.operator === 'NOT_WITHIN_LAST_DAYS') return true;
  const moves = condition.fact.movesWithTime;
  return typeof moves === 'function' ? moves(condition.arguments) : moves === true;
}

/**
 * The SQL truth of a condition over the fact's value expression. NULL-safe: a customer without a
 * value satisfies only IS_NOT_SET (and IS_FALSE, INCLUDES_NONE).
 */
export function conditionSql(condition: CheckedCondition, value: string, parameter: (value: unknown) => string, now: string | (() => string)): string {
  const { operand } = condition;
  // A function makes `now` a parameter only for the operators that read it.
  const nowSql = () => (typeof now === 'function' ? now() : now);
  const numeric = (number: number) => `${parameter(String(number))}::numeric`;
  const text = (values: readonly string[]) => `${parameter(values)}::text[]`;
  switch (condition.operator) {
    case 'EQUALS':
    case 'NOT_EQUALS': {
      const symbol = condition.operator === 'EQUALS' ? '=' : '<>';
      if (operand.kind === 'number') return `COALESCE(${value}::numeric ${symbol} ${numeric(operand.value)}, false)`;
      if (operand.kind === 'dateTime') return `COALESCE(${value} ${symbol} ${parameter(operand.value)}::timestamp(3), false)`;
      return `COALESCE(${value}::text ${symbol} ${parameter((operand as { value: string }).value)}, false)`;
    }
    case 'IN':
      return `COALESCE(${value}::text = ANY(${text((operand as { values: readonly string[] }).values)}), false)`;
    case 'NOT_IN':
      return `COALESCE(NOT (${value}::text = ANY(${text((operand as { values: readonly string[] }).values)})), false)`;
    case 'CONTAINS':
      return `COALESCE(${value}::text ILIKE ${parameter(likePattern((operand as { value: string }).value))}, false)`;
    case 'GREATER_THAN':
      return `COALESCE(${value}::numeric > ${numeric((operand as { value: number }).value)}, false)`;
    case 'AT_LEAST':
      return `COALESCE(${value}::numeric >= ${numeric((operand as { value: number }).value)}, false)`;
    case 'LESS_THAN':
      return `COALESCE(${value}::numeric < ${numeric((operand as { value: number }).value)}, false)`;
    case 'AT_MOST':
      return `COALESCE(${value}::numeric <= ${numeric((operand as { value: number }).value)}, false)`;
    case 'BETWEEN': {
      const range = operand as { min: number; max: number };
      return `COALESCE(${value}::numeric BETWEEN ${numeric(range.min)} AND ${numeric(range.max)}, false)`;
    }
    case 'BEFORE':
      return `COALESCE(${value} < ${parameter((operand as { value: Date }).value)}::timestamp(3), false)`;
    case 'AFTER':
      return `COALESCE(${value} > ${parameter((operand as { value: Date }).value)}::timestamp(3), false)`;
    case 'WITHIN_LAST_DAYS':
      return `COALESCE(${value} >= ${nowSql()} - make_interval(days => ${parameter((operand as { value: number }).value)}::int), false)`;
    case 'NOT_WITHIN_LAST_DAYS':
      return `COALESCE(${value} < ${nowSql()} - make_interval(days => ${parameter((operand as { value: number }).value)}::int), false)`;
    case 'INCLUDES_ANY':
      return `COALESCE(${value}::text[] && ${text((operand as { values: readonly string[] }).values)}, false)`;
    case 'INCLUDES_ALL':
      return `COALESCE(${value}::text[] @> ${text((operand as { values: readonly string[] }).values)}, false)`;
    case 'INCLUDES_NONE':
      return `NOT COALESCE(${value}::text[] && ${text((operand as { values: readonly string[] }).values)}, false)`;
    case 'IS_TRUE':
      return `COALESCE(${value}::boolean, false)`;
    case 'IS_FALSE':
      return `NOT COALESCE(${value}::boolean, false)`;
    case 'IS_SET':
      return `(${value}) IS NOT NULL`;
    case 'IS_NOT_SET':
      return `(${value}) IS NULL`;
  }
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
