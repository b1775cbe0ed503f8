import { encodeGlobalID } from '@pothos/plugin-relay';
import { runRounds } from '../lib/closed-loop.ts';
import { say } from '../lib/progress.ts';
import {
  bothSides, callBaseline, figuresOf, firstDifference, graphql, opponentAnswer, roundsOptions, sidesOf, statementsOf,
  type NexoBuild, type WorkloadContext, type WorkloadResult,
} from './context.ts';
import { probeStatements, variantsLine } from './statement-variants.ts';

/** Cards per column: a board as a sales manager opens it. */
const CARDS = 10;
/** The demo's reps: the board rotates between everyone's deals and each rep's, the same on both sides. */
const OWNERS: readonly (string | null)[] = [null, 'user-ana', 'user-marc', 'user-lucia', 'user-jordi', 'user-sofia', 'user-david'];

const boardDocument = (operation: string) => /* GraphQL */ `
  query ${operation}($filter: OpportunityFilter, $cards: Int!) {
    pipelineBoard(filter: $filter, cardsPerStage: $cards) {
      columns {
        stage
        probability
        count
        totals { currency count amount weightedAmount }
        cards { id name amount currency expectedCloseDate ownerId probability weightedAmount customer { __typename id displayName } }
      }
    }
  }`;
const OPERATION = 'PipelineBoard';

interface Card {
  id: string;
  name: string;
  amount: string | null;
  currency: string;
  expectedCloseDate: string;
  ownerId: string;
  probability: number;
  weightedAmount: string | null;
  customer: { __typename: string; id: string; displayName: string };
}
interface Board {
  pipelineBoard: {
    columns: { stage: string; probability: number; count: number; totals: { currency: string; count: number; amount: string; weightedAmount: string }[]; cards: Card[] }[];
  };
}

/**
 * The baseline: one statement that builds the board in PostgreSQL — for each open stage its
 * probability (the tenant's setting or the default), its count and sums per currency, and its
 * first cards through the (tenant, stage, expected close) index, with their customers.
 */
const BOARD_SQL = `
WITH stages AS (
  SELECT d.stage, d.position, COALESCE(s.probability, d.probability) AS probability
  FROM (VALUES ('PROSPECT'::"OpportunityStage", 1, 5), ('POTENTIAL_LEAD', 2, 10), ('QUALIFICATION', 3, 20), ('OPPORTUNITY', 4, 35),
               ('OFFER_DEVELOPMENT', 5, 50), ('SHORTLIST', 6, 65), ('NEGOTIATION', 7, 80)) AS d(stage, position, probability)
  LEFT JOIN "PipelineStageSetting" s ON s."tenantId" = current_setting('app.tenant_id') AND s.stage = d.stage
),
sums AS (
  SELECT o.stage, o.currency, count(*)::int AS count, COALESCE(sum(o.amount), 0.00)::text AS amount,
         COALESCE(sum(round(o.amount * COALESCE(o.probability, st.probability) / 100.0, 2)), 0.00)::text AS "weightedAmount"
  FROM "Opportunity" o JOIN stages st ON st.stage = o.stage
  WHERE o."tenantId" = current_setting('app.tenant_id') AND ($1::text IS NULL OR o."ownerId" = $1)
  GROUP BY o.stage, o.currency
)
SELECT st.stage::text AS stage, st.probability,
       (SELECT COALESCE(sum(count), 0) FROM sums WHERE sums.stage = st.stage)::int AS count,
       (SELECT COALESCE(json_agg(json_build_object('currency', currency, 'count', count, 'amount', amount, 'weightedAmount', "weightedAmount") ORDER BY count DESC, currency), '[]')
          FROM sums WHERE sums.stage = st.stage) AS totals,
       (SELECT COALESCE(json_agg(json_build_object('id', card.id, 'name', card.name, 'amount', card.amount::text, 'currency', card.currency,
                                                   'expectedCloseDate', card."expectedCloseDate", 'ownerId', card."ownerId",
                                                   'probability', COALESCE(card.probability, st.probability), 'customerId', c.id, 'kind', c.kind, 'displayName', c."displayName")
                                 ORDER BY card."expectedCloseDate", card.id), '[]')
          FROM (SELECT o.* FROM "Opportunity" o
                WHERE o."tenantId" = current_setting('app.tenant_id') AND o.stage = st.stage AND ($1::text IS NULL OR o."ownerId" = $1)
                ORDER BY o."expectedCloseDate", o.id LIMIT $2) card
          JOIN "Customer" c ON c."tenantId" = card."tenantId" AND c.id = card."customerId") AS cards
FROM stages st ORDER BY st.position`;

interface BoardRow {
  stage: string;
  probability: number;
  count: number;
  totals: Board['pipelineBoard']['columns'][number]['totals'];
  cards: { id: string; name: string; amount: string | null; currency: string; expectedCloseDate: string; ownerId: string; probability: number; customerId: string; kind: string; displayName: string }[];
}

/** amount × probability %, half up to the cent, in integers (amounts are never negative). */
function weighted(amount: string | null, probability: number): string | null {
  if (amount === null) return null;
  const cents = (BigInt(amount.replace('.', '')) * BigInt(probability) + 50n) / 100n;
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

/** The baseline endpoint's handler. */
export function pipelineBoardBaseline(context: Pick<WorkloadContext, 'sql'>, input: { owner: string | null; cards: number }): Promise<Board> {
  return baselineBoard(context, input.owner, input.cards);
}

const boardOverHttp = (context: WorkloadContext, owner: string | null, cards: number) => callBaseline<Board>(context, 'pipeline-board', { owner, cards });

async function baselineBoard(context: Pick<WorkloadContext, 'sql'>, owner: string | null, cards: number): Promise<Board> {
  const rows = await context.sql.transaction(async (client) => (await client.query<BoardRow>({ name: 'bench_pipeline_board', text: BOARD_SQL, values: [owner, cards] })).rows);
  return {
    pipelineBoard: {
      columns: rows.map((row) => ({
        stage: row.stage,
        probability: row.probability,
        count: row.count,
        totals: row.totals,
        cards: row.cards.map((card) => {
          const typename = card.kind === 'PERSON' ? 'Person' : 'Organization';
          return {
            id: encodeGlobalID('Opportunity', card.id),
            name: card.name,
            amount: card.amount,
            currency: card.currency,
            expectedCloseDate: card.expectedCloseDate,
            ownerId: card.ownerId,
            probability: card.probability,
            weightedAmount: weighted(card.amount, card.probability),
            customer: { __typename: typename, id: encodeGlobalID(typename, card.customerId), displayName: card.displayName },
          };
        }),
      })),
    },
  };
}

function nexoBoard(build: NexoBuild, context: WorkloadContext, owner: string | null, cards: number, operation = OPERATION): Promise<Board> {
  return graphql<Board>(build, context.readToken, boardDocument(operation), { filter: owner ? { ownerIds: [owner] } : null, cards });
}

/**
 * `pipeline-board`: the board of open deals by stage with their customers, everyone's and each
 * rep's in turn, against the one-statement baseline or the build of --against; checked equal for
 * every owner first, and its SQL statements probed with 1 and 25 cards per column.
 */
export async function runPipelineBoard(context: WorkloadContext): Promise<WorkloadResult> {
  let everyone: Board | null = null;
  for (const owner of OWNERS) {
    const [nexo, other] = await Promise.all([
      nexoBoard(context.nexo, context, owner, CARDS, 'PipelineBoardCheck'),
      opponentAnswer(context, (build) => nexoBoard(build, context, owner, CARDS, 'PipelineBoardCheck'), () => boardOverHttp(context, owner, CARDS)),
    ]);
    const difference = firstDifference(nexo, other);
    if (difference) throw new Error(`pipeline-board: ${bothSides(context)} answer differently for ${owner ?? 'everyone'}: ${difference}`);
    everyone ??= nexo;
  }
  const deals = everyone!.pipelineBoard.columns.reduce((sum, column) => sum + column.count, 0);
  const cardsShown = everyone!.pipelineBoard.columns.reduce((sum, column) => sum + column.cards.length, 0);
  say(`pipeline-board         ${bothSides(context)} return the same board for everyone and each of ${OWNERS.length - 1} reps (${deals.toLocaleString('en')} open deals, ${cardsShown} cards)`);

  const probe = (cards: number, operation: string) => ({ label: `${cards} per column`, operation, request: (build: NexoBuild, name: string) => nexoBoard(build, context, null, cards, name) });
  const statementsByCards = await probeStatements(context, 'cards per column', [probe(1, 'PipelineBoardOneCard'), probe(25, 'PipelineBoardManyCards')]);
  say(`pipeline-board         statements per request by cards per column: ${variantsLine(context, statementsByCards)}`);

  const ownerOf = (sequence: number) => OWNERS[sequence % OWNERS.length]!;
  const figures = await runRounds(
    sidesOf(
      context,
      (build) => async (sequence) => {
        const board = await nexoBoard(build, context, ownerOf(sequence), CARDS);
        if (board.pipelineBoard.columns.length !== 7) throw new Error(`pipeline-board: ${build.label} answered without the 7 open stages`);
      },
      async (sequence) => {
        const board = await boardOverHttp(context, ownerOf(sequence), CARDS);
        if (board.pipelineBoard.columns.length !== 7) throw new Error('pipeline-board: the baseline answered without the 7 open stages');
      },
    ),
    roundsOptions(context, 'pipeline-board', 'read'),
  );
  return {
    name: 'pipeline-board',
    ...figuresOf(context, figures),
    statementsPerRequest: await statementsOf(context, OPERATION),
    statementVariants: statementsByCards,
    details: {
      openDeals: deals,
      cardsPerColumn: CARDS,
      owners: OWNERS.map((owner) => owner ?? 'everyone'),
      equalityChecked: OWNERS.length,
      baselineQuery: 'one SQL statement (sums per stage and currency, LIMIT-ed cards per stage joined to their customers, json_agg) in a transaction as the application role with app.tenant_id set',
    },
  };
}
