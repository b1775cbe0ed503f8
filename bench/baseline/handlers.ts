import type { TenantSql } from '../lib/tenant-sql.ts';
import { agentQueueBaseline } from '../workloads/agent-queue.ts';
import { customer360Baseline } from '../workloads/customer-360.ts';
import { listPageBaseline } from '../workloads/customer-list.ts';
import { pipelineBoardBaseline } from '../workloads/pipeline-board.ts';
import { recordInteractionBaseline } from '../workloads/record-interaction.ts';
import { segmentSnapshotBaseline } from '../workloads/segments-evaluate.ts';
import { segmentPreviewBaseline } from '../workloads/segments-preview.ts';

/**
 * What the hand-written baseline endpoint answers, by path: each handler is the workload's own SQL
 * and JSON shaping, so the endpoint serves exactly what the benchmark used to compute in-process.
 */
export const baselineHandlers: Record<string, (sql: TenantSql, input: never) => Promise<unknown>> = {
  'agent-queue': (sql, input: Parameters<typeof agentQueueBaseline>[1]) => agentQueueBaseline({ sql }, input),
  'customer-360': (sql, input: Parameters<typeof customer360Baseline>[1]) => customer360Baseline({ sql }, input),
  'list-page': (sql, input: Parameters<typeof listPageBaseline>[1]) => listPageBaseline({ sql }, input),
  'pipeline-board': (sql, input: Parameters<typeof pipelineBoardBaseline>[1]) => pipelineBoardBaseline({ sql }, input),
  'record-interaction': (sql, input: Parameters<typeof recordInteractionBaseline>[1]) => recordInteractionBaseline({ sql }, input),
  'segment-preview': (sql, input: Parameters<typeof segmentPreviewBaseline>[1]) => segmentPreviewBaseline({ sql }, input),
  'segment-snapshot': (sql, input: Parameters<typeof segmentSnapshotBaseline>[1]) => segmentSnapshotBaseline({ sql }, input),
};
