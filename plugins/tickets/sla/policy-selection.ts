import type { TicketKind, TicketPriority } from '../store/enums.ts';

export interface PolicyCandidate {
  id: string;
  priority: TicketPriority;
  kind: TicketKind | null;
  categoryId: string | null;
  active: boolean;
}

/**
 * The SLA policy of a ticket: among the active policies of its priority, the one for its closest
 * category (the category itself, then each ancestor), else the one for its kind, else the general
 * one. Ties (two policies equally specific) go to the lowest id, so the choice is stable. Pure.
 */
export function selectPolicy<Policy extends PolicyCandidate>(
  policies: readonly Policy[],
  ticket: { priority: TicketPriority; kind: TicketKind; categoryLineage: readonly string[] },
): Policy | null {
  let best: { policy: Policy; rank: number } | null = null;
  for (const policy of policies) {
    if (!policy.active || policy.priority !== ticket.priority) continue;
    if (policy.kind !== null && policy.kind !== ticket.kind) continue;
    let rank: number;
    if (policy.categoryId !== null) {
      const depth = ticket.categoryLineage.indexOf(policy.categoryId);
      if (depth < 0) continue;
      rank = depth;
    } else {
      rank = policy.kind !== null ? 1_000 : 2_000;
    }
    if (!best || rank < best.rank || (rank === best.rank && policy.id < best.policy.id)) best = { policy, rank };
  }
  return best?.policy ?? null;
}
