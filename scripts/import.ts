// Imports customers or interactions from a CSV or NDJSON file into a tenant of DATABASE_URL, with
// a progress bar, a one-line summary and the refused rows. Resumable: a run that is stopped (Ctrl-C,
// a crash) continues from its last committed batch with --resume <job id>.
// Usage: npm run import -- --tenant demo --kind customers --format csv --map email=Correo,firstName=Nombre,lastName=Apellidos \
//          --source crm-2019 [--default-country ES] [--delimiter ';'] [--resume <job id>] file
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { ValidationError } from '../src/errors.ts';
import { parseMappingText } from '../plugins/identity/imports/mapping.ts';
import type { ImportJobRow } from '../plugins/identity/store/import-jobs.ts';
import { openImportSession } from './import-session.ts';

const usage = `Usage: npm run import -- [options] <file>
  --tenant ID              the tenant to import into (default demo)
  --kind KIND              customers or interactions (default customers)
  --format FORMAT          csv or ndjson (default: from the file's extension)
  --map LIST               field=Column pairs, e.g. email=Correo,firstName=Nombre,phone="Teléfono, móvil"
  --source NAME            where the data comes from, e.g. crm-2019: the source of the external ids kept
  --default-country CODE   country of national phone numbers and of addresses without one (e.g. ES)
  --delimiter CHAR         CSV separator: , ; tab or | (default ,)
  --on-uncertain WHAT      a row that may be an existing customer: hold (for review, default) or create
  --overwrite              replace a matched customer's values (default: only fill blanks)
  --date-order ORDER       DMY (default) or MDY, for dates such as 03/04/1980
  --customer-source NAME   interactions: the system whose ids the customerExternalId column holds (default: --source)
  --owner USER             owner of the customers created
  --batch-size N           lines per committed batch (default 500)
  --resume JOB             continue a stopped import (give the same file)
  --show N                 refused rows listed at the end (default 10)`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      tenant: { type: 'string', default: 'demo' },
      kind: { type: 'string', default: 'customers' },
      format: { type: 'string' },
      map: { type: 'string' },
      source: { type: 'string' },
      'default-country': { type: 'string' },
      delimiter: { type: 'string' },
      'on-uncertain': { type: 'string' },
      overwrite: { type: 'boolean', default: false },
      'date-order': { type: 'string' },
      'customer-source': { type: 'string' },
      owner: { type: 'string' },
      'batch-size': { type: 'string', default: '500' },
      resume: { type: 'string' },
      show: { type: 'string', default: '10' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    console.error(usage);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) return fail(file ? 'Give one file' : 'No file given');
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5_000) return fail('--batch-size must be a whole number from 1 to 5000');
  const show = Number(values.show);
  if (!Number.isInteger(show) || show < 0) return fail('--show must be a whole number');

  const session = await openImportSession(loadConfig(), values.tenant, systemClock, (line) => console.error(line));
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error('\nStopping after the batch in progress (Ctrl-C again to quit at once) …');
  };
  process.on('SIGINT', onInterrupt);
  try {
    let job: ImportJobRow;
    if (values.resume) {
      const found = await session.job(values.resume).catch(() => null);
      if (!found) return fail(`The tenant ${values.tenant} has no import ${values.resume}`);
      if (found.status !== 'RUNNING') return fail(`Import ${found.id} is already ${found.status.toLowerCase()}: ${summary(found, 0)}`);
      job = found;
      console.error(`Resuming import ${job.id} after line ${job.checkpointLine.toLocaleString('en-US')}`);
    } else {
      const kind = values.kind.toUpperCase();
      if (kind !== 'CUSTOMERS' && kind !== 'INTERACTIONS') return fail('--kind must be customers or interactions');
      const format = (values.format ?? (extname(file).toLowerCase() === '.ndjson' || extname(file).toLowerCase() === '.jsonl' ? 'ndjson' : 'csv')).toUpperCase();
      if (format !== 'CSV' && format !== 'NDJSON') return fail('--format must be csv or ndjson');
      if (!values.map) return fail('--map is required: field=Column pairs');
      if (!values.source) return fail('--source is required: where the data comes from (e.g. crm-2019)');
      const options = {
        source: values.source,
        defaultCountry: values['default-country'] ?? null,
        onUncertainMatch: values['on-uncertain']?.toUpperCase() ?? null,
        fieldPolicy: values.overwrite ? 'OVERWRITE' : 'FILL_BLANKS',
        delimiter: values.delimiter === 'tab' ? '\t' : (values.delimiter ?? null),
        dateOrder: values['date-order']?.toUpperCase() ?? null,
        customerSource: values['customer-source'] ?? null,
        ownerId: values.owner ?? null,
      };
      job = await session.create({ kind, format, mapping: parseMappingText(values.map), options }, file);
      console.error(`Import ${job.id} (resume with --resume ${job.id})`);
    }

    const startedAt = performance.now();
    const startLine = job.checkpointLine;
    const bar = new cliProgress.SingleBar(
      { format: ' {bar} {percentage}% | {lines} lines | {rate} lines/s | {created} created {updated} updated {unchanged} unchanged {held} held {rejected} rejected', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    const payload = (current: ImportJobRow) => {
      const seconds = (performance.now() - startedAt) / 1000;
      return { ...counts(current), lines: current.checkpointLine.toLocaleString('en-US'), rate: seconds > 0 ? Math.round((current.checkpointLine - startLine) / seconds).toLocaleString('en-US') : '–' };
    };
    bar.start(Math.max(Number(job.fileBytes), 1), Number(job.checkpointByte), payload(job));
    const result = await session.run(job.id, file, {
      batchSize,
      stopped: () => interrupted,
      onProgress: (current) => bar.update(Number(current.checkpointByte), payload(current)),
    });
    bar.stop();
    const seconds = (performance.now() - startedAt) / 1000;
    if (result.status === 'FILE_MISMATCH') return fail(result.reason);
    const final = result.job ?? job;
    if (result.status === 'STOPPED') {
      console.error(`Stopped after line ${final.checkpointLine.toLocaleString('en-US')}: ${summary(final, seconds)}. Continue with --resume ${final.id}`);
      return 130;
    }
    if (result.status === 'SUPERSEDED') return fail(`Import ${final.id} was advanced by another run; see its state with importJob(id)`);
    if (final.status === 'FAILED') return fail(`Import ${final.id} failed: ${final.failure}`);
    console.error(`Imported ${file} into ${session.tenantId}: ${summary(final, seconds)} (import ${final.id})`);
    if (final.rejected > 0 && show > 0) {
      console.error(`Refused rows${final.rejected > show ? ` (the first ${show} of ${final.rejected.toLocaleString('en-US')}; all of them: importJob(id: …) { rejectedRows } )` : ''}:`);
      for (const row of await session.rejectedRows(final.id, show)) console.error(`  line ${row.line}: ${row.reason}`);
    }
    return 0;
  } finally {
    process.off('SIGINT', onInterrupt);
    await session.close();
  }
}

function counts(job: ImportJobRow) {
  return { created: job.created, updated: job.updated, unchanged: job.unchanged, held: job.held, rejected: job.rejected };
}

function summary(job: ImportJobRow, seconds: number): string {
  const parts = Object.entries(counts(job)).map(([name, count]) => `${count.toLocaleString('en-US')} ${name}`);
  return `${job.checkpointLine.toLocaleString('en-US')} lines, ${parts.join(', ')}${seconds > 0 ? ` in ${seconds.toFixed(1)} s` : ''}`;
}

function fail(message: string): number {
  console.error(`${message}\n${usage.split('\n')[0]} (--help for all options)`);
  return 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  const message = error instanceof ValidationError ? error.fieldErrors.map((field) => `${field.path.join('.') || 'mapping'}: ${field.message}`).join('\n') : error instanceof Error ? error.message : String(error);
  console.error(message);
  process.exitCode = 1;
}
process.exit(process.exitCode ?? 0);
