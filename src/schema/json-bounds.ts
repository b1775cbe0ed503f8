/** Deepest nesting of objects and arrays a JSON input may have. */
export const MAX_JSON_DEPTH = 32;
/** Most values (object members and array items, at any depth) a JSON input may hold. */
export const MAX_JSON_VALUES = 10_000;

/**
 * Why a JSON input cannot be stored, or null when it can: deeper than MAX_JSON_DEPTH, more than
 * MAX_JSON_VALUES values, or a key or string with a NUL character or a lone UTF-16 surrogate,
 * which PostgreSQL's jsonb refuses. Iterative, so no depth a client sends can exhaust the stack.
 */
export function jsonProblem(json: unknown): string | null {
  let values = 0;
  const pending: { value: unknown; depth: number }[] = [{ value: json, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, depth } = next;
    if (typeof value === 'string') {
      if (!storableText(value)) return 'must not contain NUL characters or lone UTF-16 surrogates';
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) return `must not nest deeper than ${MAX_JSON_DEPTH} levels`;
    const entries = Array.isArray(value) ? value.map((item) => ['', item] as const) : Object.entries(value);
    values += entries.length;
    if (values > MAX_JSON_VALUES) return `must hold at most ${MAX_JSON_VALUES.toLocaleString('en-US')} values`;
    for (const [key, item] of entries) {
      if (!storableText(key)) return 'must not contain NUL characters or lone UTF-16 surrogates';
      pending.push({ value: item, depth: depth + 1 });
    }
  }
  return null;
}

/** Text PostgreSQL can store: no NUL character, no lone UTF-16 surrogate. */
export function storableText(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}
