import { AsyncLocalStorage } from 'node:async_hooks';
import type { BackgroundJob } from '../background.ts';
import type { Clock } from '../clock.ts';
import { sql } from '../db/sql.ts';
import { countStatements, type StatementTally } from '../db/statement-count.ts';
import type { TenantTransactions } from '../db/tenant-db.ts';
import type { Logger } from '../logger.ts';
import type { Plugin, ReactionScope } from '../plugin-api.ts';
import type { ActivityBus } from './activity-bus.ts';
import { EventWriter } from './event-writer.ts';
import { reactionConsumers, type ReactionConsumer } from './reaction-consumers.ts';
import { claimProgress, moveProgress, nextEvents, reactionsDue, type QueryWithoutTenant } from './reaction-store.ts';

export interface EventReactionsOptions {
  /** Only the reactions of these plugins run. */
  plugins: readonly Plugin[];
  bus: ActivityBus;
  transactions: TenantTransactions;
  /** One statement outside any tenant: only for event_reactions_due. */
  queryWithoutTenant: QueryWithoutTenant;
  knownTopics: ReadonlySet<string>;
  clock: Clock;
  logger: Logger;
  /**
   * How often the database is asked which reactions have events waiting: the safety net for wake-ups
   * the bus did not bring (events relayed by another instance without Redis, events committed while
   * no instance ran). A failing reaction waits this long before its first retry. Default 1000 ms.
   */
  pollIntervalMs?: number;
  /** (Reaction, tenant) pairs processed at once by this instance: the rest wait their turn. Default 2. */
  concurrency?: number;
  /** Pairs each poll asks for. Default 100. */
  pollLimit?: number;
}

const DEFAULT_BATCH_SIZE = 200;
const MAX_RETRY_DELAY_MS = 60_000;

type BatchOutcome = 'busy' | 'caughtUp' | 'more';

/**
 * Runs the plugins' event reactions (PluginManifest.reactions) on this instance. A (reaction,
 * tenant) pair is woken by every event of its topics the bus delivers, and by a poll of the database
 * (event_reactions_due) as the safety net. Processing a pair is a loop of tenant transactions, each
 * of which locks the pair's progress row (`FOR UPDATE SKIP LOCKED`: a row another instance holds
 * means that instance is on it), reads the next events of the reaction's topics, hands them to the
 * reaction and moves the progress, so that the reaction's writes and its progress commit together.
 * In this process a pair runs once at a time; a wake-up while it runs makes it run again after.
 */
export function startEventReactions(options: EventReactionsOptions): BackgroundJob {
  const consumers = reactionConsumers(options.plugins);
  if (consumers.length === 0) return { stop: async () => {} };
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const concurrency = options.concurrency ?? 2;
  const pollLimit = options.pollLimit ?? 100;
  const log = options.logger.child({ component: 'reactions' });
  const byName = new Map(consumers.map((consumer) => [consumer.name, consumer]));
  const byTopic = new Map<string, ReactionConsumer[]>();
  for (const consumer of consumers) {
    for (const topic of new Set(consumer.reaction.topics)) byTopic.set(topic, [...(byTopic.get(topic) ?? []), consumer]);
  }
  // A wake-up may come from inside someone else's unit of work (the bus delivers synchronously):
  // processing must never join that unit's transaction.
  const outsideUnits = AsyncLocalStorage.snapshot();

  const waiting = new Set<string>();
  const running = new Map<string, Promise<void>>();
  const runAgain = new Set<string>();
  const failures = new Map<string, { count: number; retry?: NodeJS.Timeout }>();
  let stopped = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | null = null;
  let unlisten = () => {};

  function wake(consumer: string, tenantId: string): void {
    const key = keyOf(consumer, tenantId);
    if (stopped || failures.get(key)?.retry) return;
    if (running.has(key)) runAgain.add(key);
    else waiting.add(key);
    startWaiting();
  }

  function startWaiting(): void {
    for (const key of waiting) {
      if (running.size >= concurrency || stopped) return;
      waiting.delete(key);
      running.set(key, outsideUnits(() => processPair(key)));
    }
  }

  async function processPair(key: string): Promise<void> {
    const [name, tenantId] = splitKey(key);
    const consumer = byName.get(name)!;
    const attempt: { firstPosition?: string | undefined } = {};
    try {
      while ((await handleNextBatch(consumer, tenantId, attempt)) === 'more' && !stopped);
      failures.delete(key);
    } catch (error) {
      const count = (failures.get(key)?.count ?? 0) + 1;
      const delayMs = Math.min(pollIntervalMs * 2 ** (count - 1), MAX_RETRY_DELAY_MS);
      log.error({ err: error, consumer: name, tenantId, firstPosition: attempt.firstPosition, failures: count, retryInMs: delayMs }, 'event reaction failed; its events come again after a pause');
      const retry = setTimeout(() => {
        failures.set(key, { count });
        wake(name, tenantId);
      }, delayMs);
      failures.set(key, { count, retry });
      runAgain.delete(key);
    } finally {
      running.delete(key);
      if (runAgain.delete(key)) waiting.add(key);
      startWaiting();
    }
  }

  async function handleNextBatch(consumer: ReactionConsumer, tenantId: string, attempt: { firstPosition?: string | undefined }): Promise<BatchOutcome> {
    const batchSize = consumer.reaction.batchSize ?? DEFAULT_BATCH_SIZE;
    const actor = `system:${consumer.plugin.name}`;
    attempt.firstPosition = undefined;
    const started = performance.now();
    const statements: StatementTally = { count: 0 };
    let handled = 0;
    const outcome = await countStatements(statements, () => options.transactions.run(tenantId, async (db): Promise<BatchOutcome> => {
      const now = options.clock.now();
      const after = await claimProgress(consumer.name, tenantId, now);
      if (after === null) return 'busy';
      const { events, through } = await nextEvents(tenantId, after, consumer.reaction.topics, batchSize);
      if (through === null) return 'caughtUp';
      if (events.length > 0) {
        attempt.firstPosition = events[0]!.position!;
        const scope: ReactionScope = {
          db,
          sql,
          events: new EventWriter(() => actor, options.knownTopics, options.clock),
          tenantId,
          now,
          logger: log.child({ consumer: consumer.name, tenantId }),
        };
        await consumer.reaction.handle(scope, events);
        handled = events.length;
      }
      await moveProgress(consumer.name, tenantId, through, now);
      return events.length === batchSize ? 'more' : 'caughtUp';
    }));
    // One line per batch a reaction handled, committed, like the request log's per request: how
    // far behind the reactions run and what each pass costs, from BEGIN to COMMIT.
    if (handled > 0) log.info({ consumer: consumer.name, tenantId, events: handled, statements: statements.count, durationMs: Math.round((performance.now() - started) * 10) / 10 }, 'event reaction batch handled');
    return outcome;
  }

  async function poll(): Promise<void> {
    try {
      const due = await reactionsDue(options.queryWithoutTenant, consumers, pollLimit);
      for (const { consumer, tenantId } of due) wake(consumer, tenantId);
    } catch (error) {
      log.warn({ err: error }, 'could not ask which event reactions have events waiting; asking again at the next poll');
    }
  }

  const tick = () => {
    polling = poll();
    void polling.then(() => {
      polling = null;
      if (!stopped) pollTimer = setTimeout(tick, pollIntervalMs);
    });
  };

  const listen = () => {
    unlisten = options.bus.listen(
      (event) => {
        const interested = byTopic.get(event.topic);
        if (interested) outsideUnits(() => interested.forEach((consumer) => wake(consumer.name, event.tenantId)));
      },
      // Live delivery was interrupted (Redis lost): listen again; the poll finds what was missed.
      () => {
        if (!stopped) listen();
      },
    );
  };

  listen();
  outsideUnits(tick);
  log.info({ reactions: consumers.map((consumer) => consumer.name) }, 'event reactions running');

  return {
    async stop() {
      stopped = true;
      unlisten();
      clearTimeout(pollTimer);
      for (const failure of failures.values()) clearTimeout(failure.retry);
      await polling;
      await Promise.all(running.values());
    },
  };
}

// Neither a plugin name nor a tenant id holds a NUL.
const keyOf = (consumer: string, tenantId: string) => `${consumer}\u0000${tenantId}`;
const splitKey = (key: string) => key.split('\u0000') as [string, string];
