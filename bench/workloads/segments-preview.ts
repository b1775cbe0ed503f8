import { runRounds } from '../lib/closed-loop.ts';
import { say } from '../lib/progress.ts';
import {
  bothSides, callBaseline, figuresOf, firstDifference, graphql, opponentAnswer, roundsOptions, sidesOf, statementsOf,
  type NexoBuild, type WorkloadContext, type WorkloadResult,
} from './context.ts';
import { probeStatements, variantsLine } from './statement-variants.ts';
import { customerGlobalIdSql, TYPICAL_RULE, TYPICAL_RULE_CUSTOMERS_SQL, TYPICAL_RULE_TEXT } from './segments-typical-rule.ts';

/** Customers the preview lists: a first page a marketer looks at before saving. */
const FIRST = 20;
/** Page sizes the statement count is probed at: it must not grow with the page. */
const PROBED_FIRST = [5, FIRST, 100] as const;
/**
 * One evaluation in flight per side: the budget is the latency of one evaluation, and on a
 * machine of few cores several at once would measure the queue in front of PostgreSQL.
 */
export const SEGMENT_CONCURRENCY = 1;

const OPERATION = 'SegmentPreview';
const previewDocument = (operation: string) => /* GraphQL */ `
  query ${operation}($rule: SegmentRuleInput!, $first: Int) {
    segmentPreview(rule: $rule, first: $first) { count customers { id } }
  }`;

interface Preview {
  segmentPreview: { count: number; customers: { id: string }[] };
}

/** The baseline: one statement selecting the customers by the rule written by hand, counting them and listing the first page by id, as the preview does. */
const PREVIEW_SQL = `
WITH selected AS (${TYPICAL_RULE_CUSTOMERS_SQL})
SELECT (SELECT count(*) FROM selected)::int AS count,
       (SELECT COALESCE(json_agg(page.id ORDER BY page."rowId"), '[]')
          FROM (SELECT ${customerGlobalIdSql('s')} AS id, s.id AS "rowId" FROM selected s ORDER BY s.id LIMIT $2) page) AS ids`;

/** The baseline endpoint's handler. */
export async function segmentPreviewBaseline(context: Pick<WorkloadContext, 'sql'>, input: { first: number }): Promise<Preview> {
  const now = new Date().toISOString().replace('Z', '');
  const [row] = await context.sql.transaction(
    async (client) => (await client.query<{ count: number; ids: string[] }>({ name: 'bench_segment_preview', text: PREVIEW_SQL, values: [now, input.first] })).rows,
  );
  return { segmentPreview: { count: row!.count, customers: row!.ids.map((id) => ({ id })) } };
}

function nexoPreview(build: NexoBuild, context: WorkloadContext, first: number, operation = OPERATION): Promise<Preview> {
  return graphql<Preview>(build, context.readToken, previewDocument(operation), { rule: TYPICAL_RULE, first });
}

const previewOverHttp = (context: WorkloadContext, first: number) => callBaseline<Preview>(context, 'segment-preview', { first });

/**
 * `segment-preview`: `segmentPreview` of a typical rule (its count and first 20 customers) against
 * the hand-written statement, one request in flight per side; checked equal first, and its SQL
 * statements probed with pages of 5, 20 and 100.
 */
export async function runSegmentPreview(context: WorkloadContext): Promise<WorkloadResult> {
  const [nexo, other] = await Promise.all([
    nexoPreview(context.nexo, context, FIRST, 'SegmentPreviewCheck'),
    opponentAnswer(context, (build) => nexoPreview(build, context, FIRST, 'SegmentPreviewCheck'), () => previewOverHttp(context, FIRST)),
  ]);
  const difference = firstDifference(nexo, other);
  if (difference) throw new Error(`segment-preview: ${bothSides(context)} answer differently: ${difference}`);
  const selected = nexo.segmentPreview.count;
  if (selected === 0) throw new Error(`segment-preview: the typical rule (${TYPICAL_RULE_TEXT}) selects nobody; the comparison would prove nothing`);
  say(`segment-preview        ${bothSides(context)} select the same ${selected.toLocaleString('en')} customers and first ${FIRST} (${TYPICAL_RULE_TEXT})`);

  const probe = (first: number) => ({ label: `first ${first}`, operation: `SegmentPreviewFirst${first}`, request: (build: NexoBuild, name: string) => nexoPreview(build, context, first, name) });
  const statementsByPage = await probeStatements(context, 'customers listed', PROBED_FIRST.map(probe));
  say(`segment-preview        statements per request by customers listed: ${variantsLine(context, statementsByPage)}`);

  const checked = (answer: Preview, side: string) => {
    if (answer.segmentPreview.count !== selected) throw new Error(`segment-preview: ${side} counted ${answer.segmentPreview.count}, not ${selected}`);
  };
  const figures = await runRounds(
    sidesOf(
      context,
      (build) => async () => checked(await nexoPreview(build, context, FIRST), build.label),
      async () => checked(await previewOverHttp(context, FIRST), 'the baseline'),
    ),
    { ...roundsOptions(context, 'segment-preview', 'read'), concurrency: SEGMENT_CONCURRENCY },
  );
  return {
    name: 'segment-preview',
    ...figuresOf(context, figures),
    statementsPerRequest: await statementsOf(context, OPERATION),
    statementVariants: statementsByPage,
    details: {
      rule: TYPICAL_RULE_TEXT,
      selected,
      first: FIRST,
      inFlight: SEGMENT_CONCURRENCY,
      baselineQuery: 'one statement: the rule by hand (purchases in the window grouped and joined to the customers, row conditions, EXISTS on the consent), count and first page by id',
    },
  };
}
