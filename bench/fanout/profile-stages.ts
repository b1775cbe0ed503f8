import { origin } from '../lib/cpu-profile.ts';
import type { CpuProfile } from '../lib/inspector.ts';

type Frame = CpuProfile['nodes'][number]['callFrame'];

// Nearest match wins (see attributeSelfTime): a writev under ws's sendFrame is a socket write.
const STAGE_BY_ORIGIN: [RegExp, string][] = [
  [/^ws$/, 'socket writes (ws → writev)'],
  [/^graphql-ws$/, 'graphql-ws protocol (a JSON message per subscriber)'],
  [/^(@graphql-tools\/|graphql$|@envelop\/|@whatwg-node\/promise-helpers|graphql-scalars|@pothos\/|src\/schema\/)/, 'GraphQL execution (per subscriber and event)'],
  [/^(@graphql-yoga\/subscription|@graphql-yoga\/typed-event-target|@whatwg-node\/events|src\/events\/activity-bus|src\/events\/push-queue)/, 'pub/sub (a queue per subscriber)'],
  [/^src\/events\/activity-feed/, 'activity feed (queue, visibility filter)'],
  [/^(src\/events\/relay|src\/events\/event-writer|src\/db\/|pg$|pg-|@prisma\/)/, 'database: the mutation and the relay'],
  [/^(graphql-yoga|@whatwg-node\/server|@whatwg-node\/node-fetch|@whatwg-node\/fetch|src\/http\/|plugins\/)/, 'HTTP requests (the mutations)'],
];

/** Which stage of the fan-out a frame belongs to, or null to ask its caller. */
export function fanoutStage(frame: Frame): string | null {
  if (frame.functionName === '(garbage collector)') return 'garbage collection';
  if (frame.functionName === 'runMicrotasks') return 'promise scheduling (microtask queue)';
  const source = origin(frame);
  for (const [pattern, stage] of STAGE_BY_ORIGIN) if (pattern.test(source)) return stage;
  return null;
}
