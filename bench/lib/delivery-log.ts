/** An event the benchmark caused, with when its request went out and when the server acknowledged it. */
export interface CommittedEvent {
  /** What subscribers see of it that identifies it exactly (the subject's global id). */
  key: string;
  sentAt: number;
  ackedAt: number;
}

export interface DeliveryReport {
  expected: number;
  /** (event, subscriber) pairs that arrived at least once. */
  delivered: number;
  misses: number;
  /** Arrivals beyond the first of a pair. */
  duplicates: number;
  /** Arrivals of events the benchmark did not list (neither measured nor ignored). */
  unexpected: number;
  /** Those arrivals per topic, to tell what else was emitting during the run. */
  unexpectedByTopic: Record<string, number>;
  /** Arrivals whose position was not above the previous one on the same subscriber. */
  outOfOrder: number;
  /** First arrival of each pair minus the event's acknowledgement, ms (negative when the event beat the HTTP answer). */
  fromAck: Float64Array;
  /** First arrival of each pair minus the moment the request was sent, ms. */
  fromSend: Float64Array;
  /** Per event: first arrival on any subscriber minus the acknowledgement, ms. */
  firstFromAck: Float64Array;
  /** Per event: last arrival minus first arrival, ms: how long the fan-out itself took. */
  spread: Float64Array;
}

/**
 * Records every arrival on every subscriber, keyed by what identifies the event, and pairs them
 * with the committed events afterwards: an event may reach a subscriber before its HTTP answer
 * reaches the benchmark, so pairing cannot wait for the answer.
 */
export class DeliveryLog {
  readonly subscribers: number;
  private readonly arrivals = new Map<string, { topic: string; count: Uint16Array; firstAt: Float64Array }>();
  private readonly heard: Uint8Array;
  private readonly lastPosition: Float64Array;
  private heardCount = 0;
  private outOfOrder = 0;
  /** Arrivals recorded so far, duplicates included. */
  total = 0;

  constructor(subscribers: number) {
    this.subscribers = subscribers;
    this.heard = new Uint8Array(subscribers);
    this.lastPosition = new Float64Array(subscribers).fill(-1);
  }

  record(subscriber: number, key: string, topic: string, receivedAt: number, position: string | null): void {
    let entry = this.arrivals.get(key);
    if (!entry) {
      entry = { topic, count: new Uint16Array(this.subscribers), firstAt: new Float64Array(this.subscribers) };
      this.arrivals.set(key, entry);
    }
    if (entry.count[subscriber]! === 0) entry.firstAt[subscriber] = receivedAt;
    entry.count[subscriber]!++;
    this.total++;
    if (!this.heard[subscriber]) {
      this.heard[subscriber] = 1;
      this.heardCount++;
    }
    if (position !== null) {
      const value = Number(position);
      if (value <= this.lastPosition[subscriber]!) this.outOfOrder++;
      this.lastPosition[subscriber] = value;
    }
  }

  /** How many subscribers have received at least one event (a subscription is live once it has). */
  get subscribersHeard(): number {
    return this.heardCount;
  }

  /** Arrivals (first ones only) of the given events so far. */
  deliveredOf(keys: Iterable<string>): number {
    let delivered = 0;
    for (const key of keys) {
      const entry = this.arrivals.get(key);
      if (entry) for (const count of entry.count) if (count > 0) delivered++;
    }
    return delivered;
  }

  /** Pairs arrivals with `events`; arrivals of `ignored` keys (warm-up events) count nowhere. */
  report(events: readonly CommittedEvent[], ignored: ReadonlySet<string> = new Set()): DeliveryReport {
    const expected = events.length * this.subscribers;
    const fromAck: number[] = [];
    const fromSend: number[] = [];
    const firstFromAck: number[] = [];
    const spread: number[] = [];
    let duplicates = 0;
    const measured = new Set<string>();
    for (const event of events) {
      measured.add(event.key);
      const entry = this.arrivals.get(event.key);
      if (!entry) continue;
      let first = Infinity;
      let last = -Infinity;
      for (let subscriber = 0; subscriber < this.subscribers; subscriber++) {
        const count = entry.count[subscriber]!;
        if (count === 0) continue;
        duplicates += count - 1;
        const at = entry.firstAt[subscriber]!;
        fromAck.push(at - event.ackedAt);
        fromSend.push(at - event.sentAt);
        first = Math.min(first, at);
        last = Math.max(last, at);
      }
      if (last >= first) {
        firstFromAck.push(first - event.ackedAt);
        spread.push(last - first);
      }
    }
    let unexpected = 0;
    const unexpectedByTopic: Record<string, number> = {};
    for (const [key, entry] of this.arrivals) {
      if (measured.has(key) || ignored.has(key)) continue;
      let arrivals = 0;
      for (const count of entry.count) arrivals += count;
      unexpected += arrivals;
      unexpectedByTopic[entry.topic] = (unexpectedByTopic[entry.topic] ?? 0) + arrivals;
    }
    return {
      expected,
      delivered: fromAck.length,
      misses: expected - fromAck.length,
      duplicates,
      unexpected,
      unexpectedByTopic,
      outOfOrder: this.outOfOrder,
      fromAck: Float64Array.from(fromAck),
      fromSend: Float64Array.from(fromSend),
      firstFromAck: Float64Array.from(firstFromAck),
      spread: Float64Array.from(spread),
    };
  }
}
