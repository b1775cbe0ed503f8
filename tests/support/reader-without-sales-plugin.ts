import { definePlugin } from '../../src/plugin-api.ts';

/**
 * A role that reads every area but the sales pipeline. Every built-in role that reads customers
 * also reads the pipeline (it is part of the customer 360), so a test of what a reader without
 * `pipeline:read` may see needs a role of its own.
 */
export const readerWithoutSalesPlugin = definePlugin({
  name: 'reader-without-sales',
  description: 'test fixture',
  dependsOn: ['profile', 'interactions', 'tickets', 'segments', 'campaigns'],
  roles: { 'reader-without-sales': ['profile:read', 'interactions:read', 'tickets:read', 'segments:read', 'campaigns:read'] },
  register() {},
});
