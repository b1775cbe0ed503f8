import { z } from 'zod';
import type { Context } from '../../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../src/plugin-api.ts';
import { globalIdOf, parseGlobalId, type TicketNodeType } from '../ids.ts';
import { requestConfig } from './service-config.ts';

// What the service-desk configuration mutations share: the permission, the errors they may
// return, text rules, and the bookkeeping after a write.

export const MANAGE = { permission: 'tickets:manage' } as const;
export const MANAGE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

/** A trimmed, non-empty single-purpose text of at most `max` characters, without NUL or broken Unicode. */
export function text(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max.toLocaleString('en-US')} characters`)
    .refine((value) => !value.includes('\u0000') && value.isWellFormed(), 'must not contain NUL characters or invalid Unicode');
}

/** Resolves the global id of a row of this tenant's configuration, or a NotFoundError / ValidationError at `path`. */
export async function requireConfigRow<Row extends { id: string }>(
  rows: ReadonlyMap<string, Row>,
  globalId: string | number,
  typename: TicketNodeType,
  path: string[],
): Promise<Row> {
  const row = rows.get(parseGlobalId(globalId, typename, path));
  if (!row) throw new NotFoundError(typename, String(globalId));
  return row;
}

/** The event of a configuration change: not about a customer, so on no timeline, but live for dashboards. */
export function configEvent<Payload>(typename: TicketNodeType, id: string, payload: Payload) {
  return { subjectId: globalIdOf(typename, id), payload };
}

/** After a configuration write: later reads in the same request see it. */
export function configChanged(context: Context): void {
  requestConfig(context).invalidate();
}
