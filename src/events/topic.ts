/** A typed event topic: the name is the contract, the type parameter is the payload's shape. */
export interface Topic<Payload extends Record<string, unknown>> {
  readonly name: string;
  /** Never set: carries the payload type for `emit`. */
  readonly payload?: Payload;
}

export function defineTopic<Payload extends Record<string, unknown>>(name: string): Topic<Payload> {
  if (!/^[a-z][a-z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/.test(name)) {
    throw new Error(`Topic "${name}" must look like "area.event", e.g. "customer.created"`);
  }
  return Object.freeze({ name });
}
