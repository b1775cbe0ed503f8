import type { Context } from '../../src/plugin-api.ts';
import { ForbiddenError, viewerOf } from '../../src/plugin-api.ts';

export const READ = { permission: 'pipeline:read' } as const;
export const WRITE = { permission: 'pipeline:write' } as const;
export const MANAGE = { permission: 'pipeline:manage' } as const;

export function isManager(context: Context): boolean {
  return context.viewer?.permissions.has(MANAGE.permission) ?? false;
}

/**
 * Reps read the whole pipeline but change only their own records (and unassigned leads); a
 * sales manager changes anyone's.
 */
export function assertMayChange(context: Context, ownerId: string | null, what: string): void {
  if (ownerId === null || ownerId === viewerOf(context).subject || isManager(context)) return;
  throw new ForbiddenError(`This ${what} belongs to ${ownerId}: only its owner or a sales manager (pipeline:manage) may change it`);
}

/** Giving a record to someone else is a manager's decision. */
export function assertMayAssign(context: Context, ownerId: string, what: string): void {
  if (ownerId === viewerOf(context).subject || isManager(context)) return;
  throw new ForbiddenError(`Only a sales manager (pipeline:manage) may assign a ${what} to someone else`);
}
