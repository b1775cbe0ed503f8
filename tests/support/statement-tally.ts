// For tests of work that runs outside a request (a background job's batch): the statements it
// sends, counted as the request log counts a request's.
export { countStatements, type StatementTally } from '../../src/db/statement-count.ts';
