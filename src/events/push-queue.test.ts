import { describe, expect, it } from 'vitest';
import { PushQueue } from './push-queue.ts';

// The live activity's per-subscriber queue: events in the order pushed, a bounded buffer, and an
// end that stops the producer at once.

describe('PushQueue', () => {
  it('hands a pushed value to a waiting reader, and buffers it otherwise, in order', async () => {
    const queue = new PushQueue<number>(10, () => {});
    const waiting = queue.next();
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect(await waiting).toEqual({ value: 1, done: false });
    expect(await queue.next()).toEqual({ value: 2, done: false });
    expect(await queue.next()).toEqual({ value: 3, done: false });
  });

  it('fails past its bound, after the reader has taken what was buffered, and stops the producer then', async () => {
    let closed = 0;
    const queue = new PushQueue<number>(2, () => closed++);
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect(closed).toBe(1);
    queue.push(4);
    expect(await queue.next()).toEqual({ value: 1, done: false });
    expect(await queue.next()).toEqual({ value: 2, done: false });
    await expect(queue.next()).rejects.toThrow(/More than 2 events are waiting/);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
    expect(closed).toBe(1);
  });

  it('ends a reader that waits as soon as it returns, once, and ignores later pushes', async () => {
    let closed = 0;
    const queue = new PushQueue<number>(5, () => closed++);
    const waiting = queue.next();
    await queue.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    queue.push(1);
    await queue.return();
    expect(await queue.next()).toEqual({ value: undefined, done: true });
    expect(closed).toBe(1);
  });

  it('lets a producer wait for room instead of failing', async () => {
    const queue = new PushQueue<number>(2, () => {});
    queue.push(1);
    queue.push(2);
    let roomMade = false;
    const room = queue.roomFor(1).then(() => (roomMade = true));
    await Promise.resolve();
    expect(roomMade).toBe(false);
    await queue.next();
    await room;
    expect(roomMade).toBe(true);
    queue.push(3);
    expect(await queue.next()).toEqual({ value: 2, done: false });
    expect(await queue.next()).toEqual({ value: 3, done: false });
  });
});
