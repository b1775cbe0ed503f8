import type { z } from 'zod';
import { ValidationError } from '../errors.ts';

/**
 * Parses a mutation input with a zod schema, turning every issue into a field path under `at`
 * so clients can point at the offending form field.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, value: unknown, at: string[] = ['input']): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      path: [...at, ...issue.path.map(String)],
      message: issue.message,
    })),
  );
}
