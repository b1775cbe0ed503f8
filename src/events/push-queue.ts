/**
 * The async iterator one subscriber of the live activity reads from, fed by pushes. A pushed event
 * goes straight to a reader that waits for it, or into a bounded buffer; past the bound the
 * iterator fails (the client resumes with `after`) instead of the server holding memory for a
 * client that stopped reading. It replaced a general-purpose Repeater: with a thousand subscribers
 * every event is pushed a thousand times, and the Repeater's bookkeeping cost ~9 µs per push,
 * 13 % of the server's CPU while fanning out.
 */
export class PushQueue<T> implements AsyncIterableIterator<T> {
  readonly #limit: number;
  readonly #onClose: () => void;
  #buffer: T[] = [];
  #head = 0;
  #reader: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void } | null = null;
  #roomWaiters: (() => void)[] = [];
  #failure: { error: unknown } | null = null;
  #closed = false;
  #released = false;

  /** `onClose` runs once, when the reader stops (return) or the queue fails: nothing more is pushed then. */
  constructor(limit: number, onClose: () => void) {
    this.#limit = limit;
    this.#onClose = onClose;
  }

  get closed(): boolean {
    return this.#closed;
  }

  private get waiting(): number {
    return this.#buffer.length - this.#head;
  }

  push(value: T): void {
    if (this.#closed || this.#failure) return;
    const reader = this.#reader;
    if (reader) {
      this.#reader = null;
      reader.resolve({ value, done: false });
      return;
    }
    if (this.waiting >= this.#limit) {
      this.fail(new Error(`More than ${this.#limit} events are waiting for this subscriber; resubscribe with \`after\` to resume`));
      return;
    }
    this.#buffer.push(value);
  }

  /** Resolves once the reader has taken enough that `count` more fit: for a producer that can wait (a replay). */
  async roomFor(count: number): Promise<void> {
    while (!this.#closed && !this.#failure && this.waiting + count > this.#limit) await new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
  }

  /** Ends the iterator with `error` after what is buffered has been read. */
  fail(error: unknown): void {
    if (this.#closed || this.#failure) return;
    this.#failure = { error };
    this.#release();
    const reader = this.#reader;
    if (reader && this.waiting === 0) {
      this.#reader = null;
      this.#failure = null;
      this.#close();
      reader.reject(error);
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.waiting > 0) {
      const value = this.#buffer[this.#head]!;
      this.#buffer[this.#head++] = undefined as T;
      if (this.#head === this.#buffer.length) {
        this.#buffer = [];
        this.#head = 0;
      }
      if (this.#roomWaiters.length) for (const wake of this.#roomWaiters.splice(0)) wake();
      return Promise.resolve({ value, done: false });
    }
    if (this.#failure) {
      const { error } = this.#failure;
      this.#failure = null;
      this.#close();
      return Promise.reject(error);
    }
    if (this.#closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.#reader = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.#close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.#close();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#buffer = [];
    this.#head = 0;
    const reader = this.#reader;
    this.#reader = null;
    reader?.resolve({ value: undefined, done: true });
    for (const wake of this.#roomWaiters.splice(0)) wake();
    this.#release();
  }

  #release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#onClose();
  }
}
