import { createContextCache } from '@pothos/core';
import type { Context } from '../../../src/plugin-api.ts';
import { viewerOf } from '../../../src/plugin-api.ts';
import { readMatchSettings, type MatchSettingsInForce } from '../store/match-settings.ts';

/** The tenant's match settings, read once per request whatever the number of pairs shown. */
export const requestMatchSettings = createContextCache(
  (context: Context): { current: Promise<MatchSettingsInForce> | null } => ({ current: null }),
);

export function matchSettingsOf(context: Context): Promise<MatchSettingsInForce> {
  const cached = requestMatchSettings(context);
  cached.current ??= readMatchSettings(matchScopeOf(context));
  return cached.current;
}

/** Forgets the request's settings (after the request changed them). */
export function forgetMatchSettings(context: Context): void {
  requestMatchSettings(context).current = null;
}

/** The request's transaction and tenant, as matching's store reads them. */
export function matchScopeOf(context: Context) {
  return { sql: context.sql, tenantId: viewerOf(context).tenantId };
}
