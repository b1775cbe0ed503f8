import type { Builder } from '../builder.ts';
import type { Viewer } from '../auth/viewer.ts';

/** Query and Mutation roots, and `viewer`: who the token says you are and what you may do. */
export function registerRootTypes(builder: Builder): void {
  builder.queryType({ description: 'Every read: each area adds its own fields; each field needs the permission it names.' });
  builder.mutationType({ description: 'Every change. A mutation answers with its payload or a typed error (then nothing changed); writes that succeed also publish an event.' });

  const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
    description: 'The caller, as the token presented describes them.',
    fields: (t) => ({
      subject: t.exposeString('subject', { description: "The user's id in your identity provider (the token's `sub`); it is what `ownerId`, `actorId` and `assigneeId` fields hold." }),
      tenant: t.exposeString('tenantId', { description: 'The tenant (company) whose data this token reads and writes.' }),
      roles: t.exposeStringList('roles', { description: 'The roles the token grants, e.g. `sales`, `service`, `manager`, `admin`.' }),
      permissions: t.stringList({ description: 'Every `area:action` permission those roles grant, sorted.', resolve: (viewer) => [...viewer.permissions].sort() }),
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
