// The tests' own attribution: the models as the issue words them (whole-number weights where they
// are rational, floating point for time decay) and the largest-remainder rule for whole cents,
// written apart from the SQL they check.

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

/** Whole numbers for every model but time decay, as the percentages scale: U-shaped 40/20/40 is 2(n-2) : 1 … 1 : 2(n-2). */
function weights(model: Model, conversion: OracleConversion, halfLife: Readonly<Record<string, number>>): number[] {
  const n = conversion.touches.length;
  return conversion.touches.map((touch, index) => {
    if (model === 'FIRST_TOUCH') return index === 0 ? 1 : 0;
    if (model === 'LAST_TOUCH') return index === n - 1 ? 1 : 0;
    if (model === 'LINEAR') return 1;
    if (model === 'U_SHAPED') return n <= 2 ? 1 : index === 0 || index === n - 1 ? 2 * (n - 2) : 1;
    return 2 ** (-(conversion.day - touch.day) / halfLife[touch.campaign]!);
  });
}

/**
 * Largest-remainder cents of one conversion, per touch: each touch's exact share floored, the cents
 * left one each to the largest remainders, ties to the earlier touch. Whole-number weights are
 * worked in exact integer arithmetic (every product stays far below 2^53).
 */
export function credits(model: Model, conversion: OracleConversion, halfLife: Readonly<Record<string, number>>): number[] {
  const w = weights(model, conversion, halfLife);
  const total = w.reduce((a, b) => a + b, 0);
  const exactInIntegers = model !== 'TIME_DECAY';
  const shares = w.map((weight) => {
    const numerator = conversion.cents * weight;
    if (!exactInIntegers) {
      const floor = Math.floor(numerator / total + 1e-9);
      return { floor, remainder: numerator / total - floor };
    }
    let floor = Math.floor(numerator / total);
    while ((floor + 1) * total <= numerator) floor += 1;
    while (floor * total > numerator) floor -= 1;
    return { floor, remainder: numerator - floor * total };
  });
  const floors = shares.map((share) => share.floor);
  let left = conversion.cents - floors.reduce((a, b) => a + b, 0);
  const order = shares.map((share, index) => ({ index, remainder: share.remainder })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) if (left-- > 0) floors[index]! += 1;
  return floors;
}
