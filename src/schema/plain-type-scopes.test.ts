import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { graphql, parse, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { describe, expect, it } from 'vitest';
import { PlainExposedFields } from './plain-exposed-fields.ts';
import { PlainTypeScopes } from './plain-type-scopes.ts';

interface Viewer {
  permissions: Set<string>;
}
interface TestContext {
  viewer: Viewer | null;
}

class Refused extends Error {
  readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN';
  constructor(code: 'UNAUTHENTICATED' | 'FORBIDDEN') {
    super(code);
    this.code = code;
  }
}

const granted = (context: TestContext, scope: string, value: unknown) =>
  scope === 'authenticated' ? (context.viewer !== null) === value : scope === 'permission' && (context.viewer?.permissions.has(value as string) ?? false);
const refusal = (context: TestContext) => new Refused(context.viewer ? 'FORBIDDEN' : 'UNAUTHENTICATED');

/**
 * `Secret` (needs secrets:read) and `Label` implement `Named` (needs names:read); `Guarded` has a
 * scope function, which stays with scope-auth; `Signed` needs a signed-in viewer; `Open` has no
 * type scopes.
 */
function testSchema(): GraphQLSchema {
  const builder = new SchemaBuilder<{ Context: TestContext; AuthScopes: { authenticated: boolean; permission: string }; DefaultFieldNullability: false }>({
    plugins: [PlainExposedFields, PlainTypeScopes, ScopeAuthPlugin],
    defaultFieldNullability: false,
    scopeAuth: {
      authScopes: (context: TestContext) => ({ authenticated: granted(context, 'authenticated', true), permission: (permission: string) => granted(context, 'permission', permission) }),
      unauthorizedError: (_parent: unknown, context: TestContext) => refusal(context),
    },
    plainTypeScopes: { granted, refusal },
  } as never);
  const Named = builder.interfaceRef<{ name: string }>('Named').implement({
    authScopes: { permission: 'names:read' },
    fields: (t) => ({ name: t.exposeString('name') }),
  });
  const Secret = builder.objectRef<{ name: string; code: string }>('Secret').implement({
    interfaces: [Named],
    isTypeOf: (value) => 'code' in (value as object),
    authScopes: { permission: 'secrets:read' },
    fields: (t) => ({ code: t.exposeString('code') }),
  });
  builder.objectRef<{ name: string }>('Label').implement({
    interfaces: [Named],
    isTypeOf: (value) => !('code' in (value as object)),
    fields: (t) => ({ size: t.int({ resolve: (label) => label.name.length }) }),
  });
  const Guarded = builder.objectRef<{ value: string }>('Guarded').implement({
    authScopes: (_parent, context) => ({ permission: context.viewer?.permissions.has('admin') ? 'guarded:read' : 'nobody' }),
    fields: (t) => ({ value: t.exposeString('value') }),
  });
  const Signed = builder.objectRef<{ value: string }>('Signed').implement({
    authScopes: { authenticated: true },
    fields: (t) => ({ value: t.exposeString('value') }),
  });
  const Open = builder.objectRef<{ value: string }>('Open').implement({ fields: (t) => ({ value: t.exposeString('value') }) });
  builder.queryType({
    fields: (t) => ({
      secret: t.field({ type: Secret, nullable: true, resolve: () => ({ name: 'vault', code: '1234' }) }),
      named: t.field({ type: [Named], nullable: { list: false, items: true }, resolve: () => [{ name: 'vault', code: '1234' }, { name: 'label' }] }),
      guarded: t.field({ type: Guarded, nullable: true, resolve: () => ({ value: 'g' }) }),
      signed: t.field({ type: Signed, nullable: true, resolve: () => ({ value: 's' }) }),
      open: t.field({ type: Open, resolve: () => ({ value: 'o' }) }),
    }),
  });
  return builder.toSchema();
}

const schema = testSchema();
const as = (...permissions: string[]): TestContext => ({ viewer: { permissions: new Set(permissions) } });
const anonymous: TestContext = { viewer: null };

/**
 * Data and `path: code` of each error as graphql-jit (which runs Nexo's queries) answers. graphql-js
 * must give the same data and a subset of the errors: it stops at the first failed non-null field,
 * graphql-jit reports its siblings too.
 */
async function run(source: string, context: TestContext) {
  const shape = (result: { data?: unknown; errors?: readonly { path?: readonly (string | number)[]; originalError?: unknown }[] }) => ({
    data: result.data ?? null,
    errors: (result.errors ?? []).map((error) => `${error.path?.join('.')}: ${(error.originalError as Refused | undefined)?.code ?? 'other'}`).sort(),
  });
  const compiled = compileQuery(schema, parse(source));
  if (!isCompiledQuery(compiled)) throw new Error('did not compile');
  const byJit = shape(await compiled.query(undefined, context, {}));
  const byGraphqlJs = shape(await graphql({ schema, source, contextValue: context }));
  expect(byGraphqlJs.data).toEqual(byJit.data);
  expect(byJit.errors).toEqual(expect.arrayContaining(byGraphqlJs.errors));
  expect(byGraphqlJs.errors.length > 0).toBe(byJit.errors.length > 0);
  return byJit;
}

describe('plain type scopes', () => {
  it('answers every field when the viewer holds the scopes of the type and of its interfaces', async () => {
    expect(await run('{ secret { name code } signed { value } open { value } }', as('names:read', 'secrets:read'))).toEqual({
      data: { secret: { name: 'vault', code: '1234' }, signed: { value: 's' }, open: { value: 'o' } },
      errors: [],
    });
  });

  it('refuses a value of a type without its scope where it enters, with one error, its __typename too', async () => {
    expect(await run('{ secret { name code } open { value } }', as('names:read'))).toEqual({ data: { secret: null, open: { value: 'o' } }, errors: ['secret: FORBIDDEN'] });
    expect(await run('{ secret { __typename } }', as('names:read'))).toEqual({ data: { secret: null }, errors: ['secret: FORBIDDEN'] });
  });

  it("refuses a type without its interface's scope, its own fields too", async () => {
    expect(await run('{ secret { code } }', as('secrets:read'))).toEqual({ data: { secret: null }, errors: ['secret: FORBIDDEN'] });
  });

  it('checks each value of an interface by its concrete type when the possible types need different scopes', async () => {
    const query = '{ named { name ... on Secret { code } ... on Label { size } } }';
    expect(await run(query, as('names:read'))).toEqual({ data: { named: [null, { name: 'label', size: 5 }] }, errors: ['named.0: FORBIDDEN'] });
    expect(await run(query, as('names:read', 'secrets:read'))).toEqual({ data: { named: [{ name: 'vault', code: '1234' }, { name: 'label', size: 5 }] }, errors: [] });
    expect(await run(query, as('secrets:read'))).toEqual({ data: { named: [null, null] }, errors: ['named.0: FORBIDDEN', 'named.1: FORBIDDEN'] });
  });

  it('refuses an anonymous viewer as unauthenticated', async () => {
    expect(await run('{ signed { value } }', anonymous)).toEqual({ data: { signed: null }, errors: ['signed: UNAUTHENTICATED'] });
    expect(await run('{ signed { value } }', as())).toEqual({ data: { signed: { value: 's' } }, errors: [] });
  });

  it('leaves a scope function to scope-auth, which still applies it on each field', async () => {
    expect(await run('{ guarded { value } }', as('guarded:read'))).toEqual({ data: { guarded: null }, errors: ['guarded.value: FORBIDDEN'] });
    expect(await run('{ guarded { value } }', as('admin', 'guarded:read'))).toEqual({ data: { guarded: { value: 'g' } }, errors: [] });
  });

  it("takes the plain type scopes off the type's fields, and exposed fields that nothing wraps read their property with no resolver", () => {
    const field = (type: string, name: string) => (schema.getType(type) as GraphQLObjectType).getFields()[name]!;
    const skips = (type: string, name: string) => Boolean((field(type, name).extensions.pothosOptions as { skipTypeScopes?: boolean }).skipTypeScopes);
    expect([skips('Secret', 'code'), skips('Secret', 'name'), skips('Signed', 'value')]).toEqual([true, true, true]);
    expect([skips('Guarded', 'value'), skips('Open', 'value')]).toEqual([false, false]);
    expect([field('Secret', 'code').resolve, field('Open', 'value').resolve]).toEqual([undefined, undefined]);
    expect(field('Guarded', 'value').resolve).toBeTypeOf('function');
    expect(field('Label', 'size').resolve).toBeTypeOf('function');
  });
});
