import type { EventReaction, Plugin } from '../plugin-api.ts';

/** One reaction of one plugin, under the name its progress is stored by. */
export interface ReactionConsumer {
  /** `<plugin>.<reaction>`. */
  name: string;
  plugin: Plugin;
  reaction: EventReaction;
}

/** Every reaction of `plugins`, in their order. */
export function reactionConsumers(plugins: readonly Plugin[]): ReactionConsumer[] {
  return plugins.flatMap((plugin) => Object.entries(plugin.reactions ?? {}).map(([key, reaction]) => ({ name: `${plugin.name}.${key}`, plugin, reaction })));
}
