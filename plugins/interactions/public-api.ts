import type { Context } from '../../src/plugin-api.ts';
import type { InteractionInput } from './interaction-inputs.ts';
import { recordInteractions } from './record-interactions.ts';

// What other areas may use of the interactions area, re-exported by plugin.ts.

export type { InteractionInput };
export { interactionGlobalId } from './events.ts';

/**
 * Records one interaction on behalf of another area (e.g. the survey answer a ticket collected),
 * under the same rules and with the same event as `recordInteraction`, inside the caller's
 * mutation. Idempotent on (source, externalId); a refused input throws its ValidationError or
 * NotFoundError.
 */
export async function recordInteractionFor(context: Context, input: InteractionInput): Promise<{ id: string; duplicate: boolean }> {
  const [result] = await recordInteractions(context, [input], () => ['input']);
  if (!result || 'error' in result) throw result?.error ?? new Error('recordInteractions returned no result');
  return { id: result.interaction.id, duplicate: result.duplicate };
}
