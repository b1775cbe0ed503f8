import type { ActivityEvent } from './activity-event.ts';

export type ActivityListener = (event: ActivityEvent) => void;

/**
 * The listeners of one instance: a thousand subscribers cost a loop over a map per event, not a
 * thousand async iterators.
 */
export class ActivityListeners {
  readonly #listeners = new Map<ActivityListener, () => void>();

  add(listener: ActivityListener, interrupted: () => void): () => void {
    this.#listeners.set(listener, interrupted);
    return () => void this.#listeners.delete(listener);
  }

  deliver(event: ActivityEvent): void {
    for (const listener of this.#listeners.keys()) listener(event);
  }

  /** Tells every listener that events may have been missed, and drops them all. */
  interrupt(): void {
    const interrupted = [...this.#listeners.values()];
    this.#listeners.clear();
    for (const notify of interrupted) notify();
  }
}
