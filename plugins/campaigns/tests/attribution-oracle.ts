// The tests' own attribution: the models as the issue words them, in floating point, and the
// largest-remainder rule for whole cents, written apart from the SQL they check.

export const MODELS = ['FIRST_TOUCH', 'LAST_TOUCH', 'LINEAR', 'U_SHAPED', 'TIME_DECAY'] as const;
export type Model = (typeof MODELS)[number];

/** A touch of a conversion, in time order; `day` and the conversion's day count on one clock (fractions allowed). */
export interface OracleTouch {
  campaign: string;
  day: number;
}

export interface OracleConversion {
  cents: number;
  day: number;
  touches: OracleTouch[];
}

function weights(model: Model, conversion: OracleConversion, halfLife: Readonly<Record<string, number>>): number[] {
  const n = conversion.touches.length;
  return conversion.touches.map((touch, index) => {
    if (model === 'FIRST_TOUCH') return index === 0 ? 1 : 0;
    if (model === 'LAST_TOUCH') return index === n - 1 ? 1 : 0;
    if (model === 'LINEAR') return 1;
    if (model === 'U_SHAPED') return n === 1 ? 1 : n === 2 ? 0.5 : index === 0 || index === n - 1 ? 0.4 : 0.2 / (n - 2);
    return 2 ** (-(conversion.day - touch.day) / halfLife[touch.campaign]!);
  });
}

/** Largest-remainder cents of one conversion, per touch (ties to the earlier touch). */
export function credits(model: Model, conversion: OracleConversion, halfLife: Readonly<Record<string, number>>): number[] {
  const w = weights(model, conversion, halfLife);
  const total = w.reduce((a, b) => a + b, 0);
  const exact = w.map((weight) => (conversion.cents * weight) / total);
  const floors = exact.map((value) => Math.floor(value + 1e-9));
  let left = conversion.cents - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((value, index) => ({ index, fraction: value - floors[index]! })).sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (const { index } of order) if (left-- > 0) floors[index]! += 1;
  return floors;
}
