// What other areas may use of the pipeline area, re-exported by plugin.ts.

/** For campaigns: the won deals, as a SELECT to compose. */
export { wonDealsSql } from './store/won-deals.ts';
