import DataLoader from 'dataloader';

/** A customer's part of a batched read: its row id and the arguments it was asked with. */
export interface PerCustomerKey<Request> {
  customerId: string;
  request: Request;
}

/**
 * A DataLoader of one result per customer and arguments, for the lists an area shows on each
 * customer of a page (`Customer.tickets(first: 3)` on 50 customers): customers asked with the
 * same arguments share one read, so a page costs one statement per distinct arguments, whatever
 * its size. A read that fails (a malformed cursor) fails only the fields that asked it. A
 * customer the read does not mention gets `none`.
 */
export function perCustomerLoader<Request, Result>(
  read: (customerIds: string[], request: Request) => Promise<ReadonlyMap<string, Result>>,
  none: Result,
): DataLoader<PerCustomerKey<Request>, Result, string> {
  return new DataLoader<PerCustomerKey<Request>, Result, string>(
    async (keys) => {
      const groups = new Map<string, { request: Request; customerIds: Set<string> }>();
      for (const key of keys) {
        const shape = JSON.stringify(key.request);
        const group = groups.get(shape) ?? { request: key.request, customerIds: new Set<string>() };
        group.customerIds.add(key.customerId);
        groups.set(shape, group);
      }
      const answers = new Map<string, ReadonlyMap<string, Result> | Error>();
      await Promise.all(
        [...groups].map(async ([shape, group]) => {
          try {
            answers.set(shape, await read([...group.customerIds], group.request));
          } catch (error) {
            answers.set(shape, error instanceof Error ? error : new Error(String(error)));
          }
        }),
      );
      return keys.map((key) => {
        const answer = answers.get(JSON.stringify(key.request))!;
        return answer instanceof Error ? answer : (answer.get(key.customerId) ?? none);
      });
    },
    { cacheKeyFn: (key) => JSON.stringify(key) },
  );
}
