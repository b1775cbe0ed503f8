import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Config } from '../config.ts';

/** Rejects abusive documents before execution: depth, aliases, tokens, directives and a cost budget. */
export function useLimits(limits: Config['limits'], production: boolean) {
  return EnvelopArmorPlugin({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, exposeLimits: true },
    maxAliases: { n: limits.maxAliases, exposeLimits: true },
    maxTokens: { n: limits.maxTokens, exposeLimits: true },
    maxDirectives: { n: 20, exposeLimits: true },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true, exposeLimits: true },
    // Suggestions ("did you mean …") help developers and map the schema for attackers.
    blockFieldSuggestion: { enabled: production },
  });
}
