import { origin } from '../lib/cpu-profile.ts';
import type { CpuProfile } from '../lib/inspector.ts';

type Frame = CpuProfile['nodes'][number]['callFrame'];

// Nearest match wins (see attributeSelfTime): Node's own code counts for the library that called it.
const STAGE_BY_ORIGIN: [RegExp, string][] = [
  [/^(@prisma\/client|@prisma\/client-runtime-utils|@prisma\/debug|src\/generated\/prisma|wasm:)/, 'Prisma client (query plans, results)'],
  [/^(pg|pg-protocol|pg-pool|pg-types|postgres-array|postgres-date|@prisma\/adapter-pg|src\/db\/)/, 'pg driver and adapter'],
  [/^(graphql|@graphql-tools\/|@pothos\/|graphql-scalars|dataloader|src\/schema\/|src\/context|plugins\/)/, 'GraphQL execution, Pothos, resolvers'],
  [/^(jose|src\/auth\/)/, 'JWT verification'],
  [/^(pino|sonic-boom)/, 'request log'],
  [/^(graphql-yoga|@graphql-yoga\/|@whatwg-node\/|@envelop\/|@escape\.tech\/|src\/http\/|src\/app)/, 'HTTP, yoga and envelop plugins'],
];

/** Which part of a GraphQL request a frame belongs to, or null to ask its caller. */
export function requestStage(frame: Frame): string | null {
  if (frame.functionName === '(garbage collector)') return 'garbage collection';
  if (frame.functionName === 'writev' || frame.functionName === 'writeUtf8String' || frame.functionName === 'writeBuffer') return 'socket writes (syscalls)';
  if (frame.functionName === '(program)') return 'V8 and native, unattributed';
  if (frame.functionName === 'runMicrotasks') return 'promise scheduling (microtasks)';
  const source = origin(frame);
  for (const [pattern, stage] of STAGE_BY_ORIGIN) if (pattern.test(source)) return stage;
  return null;
}
