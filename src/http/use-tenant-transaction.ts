import type { Plugin } from '@envelop/core';
import { getOperationAST, Kind, type SelectionSetNode } from 'graphql';
import type { RequestContext } from '../context.ts';
import { countStatements } from '../db/statement-count.ts';
import type { TenantTransactions } from '../db/tenant-db.ts';

/**
 * Runs each query or mutation of an authenticated viewer in one transaction with the viewer's
 * tenant set. The response is built only after COMMIT, so a client is never told that a write
 * succeeded before it is durable.
 */
export function useTenantTransaction(transactions: TenantTransactions): Plugin<{ nexo?: RequestContext }> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue as unknown as RequestContext;
      const definition = getOperationAST(args.document, args.operationName);
      const operation = definition?.operation;
      if (!context.viewer || operation === 'subscription') return;
      const tenantId = context.viewer.tenantId;
      setExecuteFn((executeArgs) =>
        countStatements(context.statements, () =>
          transactions.run(
            tenantId,
            async (db) => {
              context.bindTransaction(db);
              try {
                return await executeFn(executeArgs);
              } finally {
                context.bindTransaction(null);
              }
            },
            { readOnly: operation === 'query', singleMutation: operation === 'mutation' && isSingleField(definition!.selectionSet) },
          ),
        ),
      );
    },
  };
}

/** One root field, written out (fragments could hide more). */
function isSingleField(selectionSet: SelectionSetNode): boolean {
  return selectionSet.selections.length === 1 && selectionSet.selections[0]!.kind === Kind.FIELD;
}
