import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Config } from '../config.ts';

/** Rejects abusive documents before execution: depth, aliases, tokens, directives and a cost budget. */
export function useLimits(limits: Config['limits']) {
  return EnvelopArmorPlugin({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, exposeLimits: true },
    maxAliases: { n: limits.maxAliases, exposeLimits: true },
    maxTokens: { n: limits.maxTokens, exposeLimits: true },
    maxDirectives: { n: 20, exposeLimits: true },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true, exposeLimits: true },
    // Its filter misses some of graphql-js's suggestions (enum values); use-hidden-suggestions.ts hides them all in production.
    blockFieldSuggestion: { enabled: false },
  });
}
