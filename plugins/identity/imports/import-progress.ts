import type { ActivityEvent, Builder } from '../../../src/plugin-api.ts';
import { ValidationError } from '../../../src/plugin-api.ts';
import { importProgressed, type ImportProgressPayload } from '../events.ts';
import type { ImportEnums } from './import-enums.ts';
import { parseImportId } from './import-job.ts';
import { READ } from '../permissions.ts';
import { importJobGlobalId } from './run-import.ts';

interface Progress {
  jobId: string;
  status: string;
  linesDone: number;
  created: number;
  updated: number;
  unchanged: number;
  held: number;
  rejected: number;
  position: string | null;
  recordedAt: string;
}

/**
 * `Subscription.importProgress`: one import's `import.progressed` events, read from the tenant's
 * activity stream (the same replay-then-live delivery as `activity`), ending with the event that
 * completes or fails it.
 */
export function registerImportProgress(builder: Builder, enums: ImportEnums): void {
  const ImportProgress = builder.objectRef<Progress>('ImportProgress').implement({
    description: 'How far an import got: sent after each committed batch, and once when it completes or fails.',
    fields: (t) => ({
      jobId: t.exposeID('jobId', { description: 'The import (global id of an ImportJob).' }),
      status: t.expose('status', { type: enums.Status, description: 'RUNNING, or how it ended.' }),
      linesDone: t.exposeInt('linesDone', { description: 'Lines read and committed so far.' }),
      created: t.exposeInt('created', { description: 'Rows that created a customer (or recorded an interaction).' }),
      updated: t.exposeInt('updated', { description: 'Rows that added to, or changed, an existing customer.' }),
      unchanged: t.exposeInt('unchanged', { description: 'Rows already imported.' }),
      held: t.exposeInt('held', { description: 'Rows held for review.' }),
      rejected: t.exposeInt('rejected', { description: 'Lines refused.' }),
      position: t.exposeString('position', { nullable: true, description: 'The event\'s position: pass it as `after` to resume after it.' }),
      recordedAt: t.expose('recordedAt', { type: 'DateTime', description: 'When the batch committed.' }),
    }),
  });

  builder.subscriptionField('importProgress', (t) =>
    t.field({
      type: ImportProgress,
      authScopes: READ,
      description:
        "An import's progress, live, until it completes or fails. Subscribe, then read importJob(id) for where it stood before; or give `after` (a position you received) to miss nothing after it.",
      args: {
        jobId: t.arg.id({ required: true, description: 'The import (global id).' }),
        after: t.arg.string({ description: 'Resume after this position.' }),
      },
      subscribe: (_root, args, context) => {
        const jobId = importJobGlobalId(parseImportId(String(args.jobId), 'ImportJob', ['jobId']));
        if (args.after != null && !/^\d{1,18}$/.test(args.after)) throw ValidationError.at(['after'], 'must be a position received from this subscription');
        const events = context.activity.stream(context.viewer!, { topics: [importProgressed.name] }, args.after ? BigInt(args.after) : null);
        return progressOf(events, jobId);
      },
      resolve: (progress) => progress,
    }),
  );
}

/** The events of one job, ending after the one that finishes it; leaving stops the underlying stream. */
async function* progressOf(events: AsyncIterableIterator<ActivityEvent>, jobId: string): AsyncGenerator<Progress> {
  try {
    for await (const event of events) {
      if (event.subjectId !== jobId) continue;
      const payload = event.payload as ImportProgressPayload;
      yield {
        jobId: payload.jobId,
        status: payload.status,
        linesDone: payload.linesDone,
        created: payload.created,
        updated: payload.updated,
        unchanged: payload.unchanged,
        held: payload.held,
        rejected: payload.rejected,
        position: event.position,
        recordedAt: event.recordedAt,
      };
      if (payload.status !== 'RUNNING') return;
    }
  } finally {
    await events.return?.();
  }
}
