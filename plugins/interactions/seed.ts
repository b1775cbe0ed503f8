import type { SeedContext } from '../../src/plugin-api.ts';
import { customerGlobalId, readSeedCustomers } from '../profile/plugin.ts';
import { Calendar } from './demo/calendar.ts';
import { HistoryWriter, type InteractionRow } from './demo/history.ts';
import { DemoRandom } from './demo/random.ts';
import { writeSeededInteractionEvents } from './store/seed-events.ts';

const HISTORY_YEARS = 2;
// Rows are generated and written a slice of customers at a time, so a 50,000-customer tenant
// never holds its half a million interactions in memory at once.
const CUSTOMERS_PER_SLICE = 5_000;

/**
 * Two years of contacts for every customer the profile seed wrote, and the `interaction.recorded`
 * event of each, so timelines show the history. History is not news: the events are positioned
 * after every event already positioned, so the relay has nothing to number and publish when the
 * server first starts.
 */
export async function seedInteractions(context: SeedContext): Promise<void> {
  const customers = await readSeedCustomers(context);
  const writer = new HistoryWriter(context.tenantId, new DemoRandom(context.faker.number.int(0xffff_ffff)), new Calendar(context.now, HISTORY_YEARS));
  let written = 0;
  for (let start = 0; start < customers.length; start += CUSTOMERS_PER_SLICE) {
    const rows: InteractionRow[] = [];
    for (const customer of customers.slice(start, start + CUSTOMERS_PER_SLICE)) {
      for (const row of writer.historyOf(customer)) rows.push(row);
    }
    await context.insert('interactions', 'Interaction', rows);
    written += rows.length;
  }

  context.progress.step('interaction events', written);
  const nodeIds = new Map(customers.map((customer) => [customer.id, customerGlobalId(customer)]));
  context.progress.advance(await writeSeededInteractionEvents(context, nodeIds));
}
