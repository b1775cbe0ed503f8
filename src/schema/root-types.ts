import type { Builder } from '../builder.ts';
import type { Viewer } from '../auth/viewer.ts';

/** Query and Mutation roots, and `viewer`: who the token says you are and what you may do. */
export function registerRootTypes(builder: Builder): void {
  builder.queryType({});
  builder.mutationType({});

  const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
    description: 'The caller, as the token presented describes them.',
    fields: (t) => ({
      subject: t.exposeString('subject'),
      tenant: t.exposeString('tenantId'),
      roles: t.exposeStringList('roles'),
      permissions: t.stringList({ resolve: (viewer) => [...viewer.permissions].sort() }),
    }),
  });

  builder.queryField('viewer', (t) =>
    t.field({
      type: ViewerRef,
      nullable: true,
      description: 'The authenticated caller; null for an anonymous request.',
      resolve: (_root, _args, context) => context.viewer,
    }),
  );
}
