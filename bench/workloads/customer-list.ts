import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { runRounds } from '../lib/closed-loop.ts';
import { phase, say } from '../lib/progress.ts';
import {
  bothSides, callBaseline, figuresOf, firstDifference, graphql, opponentAnswer, roundsOptions, sidesOf, statementsOf,
  type NexoBuild, type WorkloadContext, type WorkloadResult,
} from './context.ts';
import { probeStatements, variantsLine } from './statement-variants.ts';

export const PAGE_SIZE = 50;
export const DEEP_PAGE = 200;
/** Page sizes the statement count is probed at besides the measured one: it must not grow with the page. */
const PROBED_PAGE_SIZES = [10, PAGE_SIZE, 100] as const;

interface ListFilter {
  lifecycle?: string[];
  audiences?: string[];
}

/** The filter the list uses: the first with enough customers for page 200; the first one otherwise. */
const FILTERS: readonly ListFilter[] = [{ lifecycle: ['ACTIVE'], audiences: ['CUSTOMER'] }, { lifecycle: ['ACTIVE'] }, {}];

const listDocument = (operation: string, pageSize: number = PAGE_SIZE) => /* GraphQL */ `
  query ${operation}($filter: CustomerFilter, $after: String) {
    customers(filter: $filter, orderBy: { field: DISPLAY_NAME }, first: ${pageSize}, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { __typename id displayName lifecycle audiences country city primaryEmail } }
    }
  }`;
const FIRST_PAGE = 'CustomerListFirstPage';
const DEEP = 'CustomerListDeepPage';

interface ListNode {
  __typename: string;
  id: string;
  displayName: string;
  lifecycle: string;
  audiences: string[];
  country: string | null;
  city: string | null;
  primaryEmail: string | null;
}
interface ListPage {
  customers: { pageInfo: { hasNextPage: boolean; endCursor?: string | null }; edges: { node: ListNode }[] };
}

/**
 * The baseline's page: keyset pagination on (displayName, id), the order Nexo's list uses, with
 * the primary e-mail of each customer read beside it. Written for the filter once, as a
 * hand-written endpoint would be.
 */
function listSql(filter: ListFilter) {
  const conditions = [`c."tenantId" = current_setting('app.tenant_id')`, `c."archivedAt" IS NULL`];
  const values: unknown[] = [];
  if (filter.lifecycle) conditions.push(`c.lifecycle = ANY($${values.push(filter.lifecycle)}::"Lifecycle"[])`);
  if (filter.audiences) conditions.push(`c.audiences && $${values.push(filter.audiences)}::"Audience"[]`);
  const text = (after: boolean) => `
    SELECT c.id::text AS id, c.kind::text AS kind, c."displayName", c.lifecycle::text AS lifecycle, c.audiences::text[] AS audiences, c.country, c.city,
           (SELECT p.value FROM "ContactPoint" p
             WHERE p."tenantId" = c."tenantId" AND p."customerId" = c.id AND p.kind = 'EMAIL' AND p."isPrimary" LIMIT 1) AS "primaryEmail"
    FROM "Customer" c
    WHERE ${conditions.join(' AND ')}${after ? ` AND (c."displayName", c.id) > ($${values.length + 1}, $${values.length + 2}::uuid)` : ''}
    ORDER BY c."displayName", c.id
    LIMIT ${PAGE_SIZE + 1}`;
  return { first: text(false), after: text(true), where: conditions.join(' AND '), values };
}

type ListRow = Omit<ListNode, '__typename'> & { kind: 'PERSON' | 'ORGANIZATION' };

type Keyset = { displayName: string; id: string };

/** The baseline endpoint's handler: one page of the list for a filter, after a keyset or from the start. */
export function listPageBaseline(context: Pick<WorkloadContext, 'sql'>, input: { filter: ListFilter; after: Keyset | null }): Promise<ListPage> {
  return baselinePage(context, listSql(input.filter), input.after);
}

async function baselinePage(context: Pick<WorkloadContext, 'sql'>, sql: ReturnType<typeof listSql>, after: Keyset | null): Promise<ListPage> {
  const rows = await context.sql.transaction(async (client) => {
    const query = after
      ? { name: 'bench_list_after', text: sql.after, values: [...sql.values, after.displayName, after.id] }
      : { name: 'bench_list_first', text: sql.first, values: sql.values };
    return (await client.query<ListRow>(query)).rows;
  });
  return {
    customers: {
      pageInfo: { hasNextPage: rows.length > PAGE_SIZE },
      edges: rows.slice(0, PAGE_SIZE).map(({ kind, id, ...rest }) => {
        const typename = kind === 'PERSON' ? 'Person' : 'Organization';
        return { node: { __typename: typename, id: encodeGlobalID(typename, id), ...rest } };
      }),
    },
  };
}

const withoutCursor = (page: ListPage): ListPage => ({ customers: { ...page.customers, pageInfo: { hasNextPage: page.customers.pageInfo.hasNextPage } } });

/**
 * `list` (page 1) and `list-deep` (page 200), each against the opponent, measured in the same
 * rounds so that the page-200/page-1 ratio compares like with like.
 */
export async function runCustomerList(context: WorkloadContext): Promise<WorkloadResult[]> {
  // Choose the filter: counted once with the baseline's conditions.
  const counts: number[] = [];
  let chosen = 0;
  for (let index = 0; index < FILTERS.length; index++) {
    const sql = listSql(FILTERS[index]!);
    const count = await context.sql.transaction(async (client) => Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Customer" c WHERE ${sql.where}`, sql.values)).rows[0]!.n));
    counts.push(count);
    if (count >= DEEP_PAGE * PAGE_SIZE) {
      chosen = index;
      break;
    }
  }
  if (counts.at(-1)! < DEEP_PAGE * PAGE_SIZE) chosen = 0;
  const filter = FILTERS[chosen]!;
  const rows = counts[chosen]!;
  const deepPage = Math.max(2, Math.min(DEEP_PAGE, Math.floor(rows / PAGE_SIZE)));
  const baselinePageOverHttp = (after: Keyset | null) => callBaseline<ListPage>(context, 'list-page', { filter, after });
  say(
    `list                   filter ${JSON.stringify(filter)}: ${rows.toLocaleString('en')} customers, ${Math.ceil(rows / PAGE_SIZE)} pages of ${PAGE_SIZE}; ` +
      `the deep page is page ${deepPage}${deepPage < DEEP_PAGE ? ` (fewer than ${DEEP_PAGE} full pages at this size)` : ''}`,
  );

  const nexoPage = (build: NexoBuild, operation: string, after: string | null, pageSize: number = PAGE_SIZE) =>
    graphql<ListPage>(build, context.readToken, listDocument(operation, pageSize), { filter, after });
  // Walk to the page before the deep one once per build to get its cursor: cursors are each build's own.
  const walkToDeepPage = async (build: NexoBuild) => {
    const walking = phase(`list: walking pages${context.opponent.kind === 'build' ? ` (${build.label})` : ''}`, deepPage - 1);
    let cursor: string | null = null;
    let last: ListNode | null = null;
    for (let page = 1; page < deepPage; page++) {
      const data: ListPage = await nexoPage(build, 'CustomerListWalk', cursor);
      cursor = data.customers.pageInfo.endCursor ?? null;
      last = data.customers.edges.at(-1)?.node ?? null;
      if (!cursor || !last) throw new Error(`list: page ${page} of ${build.label} has no end cursor`);
      walking.update(page);
    }
    walking.finish(`cursor of page ${deepPage - 1} found`);
    return { cursor: cursor!, keyset: { displayName: last!.displayName, id: decodeGlobalID(last!.id).id } };
  };
  const cursors = new Map<NexoBuild, string>();
  const { cursor, keyset } = await walkToDeepPage(context.nexo);
  cursors.set(context.nexo, cursor);
  if (context.opponent.kind === 'build') cursors.set(context.opponent.build, (await walkToDeepPage(context.opponent.build)).cursor);

  for (const [label, deep] of [['page 1', false], [`page ${deepPage}`, true]] as const) {
    const [nexo, other] = await Promise.all([
      nexoPage(context.nexo, 'CustomerListCheck', deep ? cursor : null),
      opponentAnswer(context, (build) => nexoPage(build, 'CustomerListCheck', deep ? cursors.get(build)! : null).then(withoutCursor), () => baselinePageOverHttp(deep ? keyset : null)),
    ]);
    const difference = firstDifference(withoutCursor(nexo), other);
    if (difference) throw new Error(`list: ${bothSides(context)} answer differently on ${label}: ${difference}`);
    if (nexo.customers.edges.length !== PAGE_SIZE) throw new Error(`list: ${label} has ${nexo.customers.edges.length} customers, not ${PAGE_SIZE}`);
  }
  say(`list                   ${bothSides(context)} return the same customers on page 1 and page ${deepPage}`);

  const byPageSize = await probeStatements(
    context,
    'page size',
    PROBED_PAGE_SIZES.map((size) => ({ label: `${size} per page`, operation: `CustomerListPageOf${size}`, request: (build: NexoBuild, operation: string) => nexoPage(build, operation, null, size) })),
  );
  say(`list                   statements per request by page size: ${variantsLine(context, byPageSize)}`);

  const expectFull = (page: ListPage) => {
    if (page.customers.edges.length !== PAGE_SIZE) throw new Error(`list: a page came back with ${page.customers.edges.length} customers`);
  };
  const deepSuffix = ` p${deepPage}`;
  const figures = await runRounds(
    {
      ...sidesOf(context, (build) => async () => expectFull(await nexoPage(build, FIRST_PAGE, null)), async () => expectFull(await baselinePageOverHttp(null)), ' p1'),
      ...sidesOf(context, (build) => async () => expectFull(await nexoPage(build, DEEP, cursors.get(build)!)), async () => expectFull(await baselinePageOverHttp(keyset)), deepSuffix),
    },
    roundsOptions(context, 'list, list-deep', 'read'),
  );
  const details = { filter, matchingCustomers: rows, pageSize: PAGE_SIZE, deepPage, orderBy: 'DISPLAY_NAME ASC (then id)', baselineQuery: 'keyset SQL: (displayName, id) > ($1, $2) ORDER BY displayName, id LIMIT 51' };
  const firstPage = figuresOf(context, figures, ' p1');
  const deep = figuresOf(context, figures, deepSuffix);
  const firstStatements = await statementsOf(context, FIRST_PAGE);
  const deepStatements = await statementsOf(context, DEEP);
  const opponentRatioName = context.opponent.kind === 'sql' ? 'baselineDeepToFirstPage' : 'againstDeepToFirstPage';
  return [
    { name: 'list', ...firstPage, statementsPerRequest: firstStatements, statementVariants: byPageSize, details },
    {
      name: 'list-deep',
      ...deep,
      statementsPerRequest: deepStatements,
      statementVariants: { varies: 'page depth', variants: [{ label: 'page 1', ...firstStatements }, { label: `page ${deepPage}`, ...deepStatements }] },
      details: {
        ...details,
        deepToFirstPage: { p50: deep.nexo.latency.p50 / firstPage.nexo.latency.p50, p95: deep.nexo.latency.p95 / firstPage.nexo.latency.p95 },
        [opponentRatioName]: { p50: deep.other.latency.p50 / firstPage.other.latency.p50, p95: deep.other.latency.p95 / firstPage.other.latency.p95 },
      },
    },
  ];
}
