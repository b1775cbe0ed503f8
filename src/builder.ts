import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { TotalCountDescription } from './schema/total-count-description.ts';
import { ListBounds } from './schema/list-bounds.ts';
import { InputTextRules } from './schema/input-text.ts';
import type { Context } from './context.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import { ForbiddenError, UnauthenticatedError } from './errors.ts';
import type PrismaTypes from './generated/pothos-types.ts';
import { getDatamodel } from './generated/pothos-types.ts';
import type { JsonObject } from './schema/scalars.ts';
import { relayDescriptions } from './schema/relay-descriptions.ts';

export interface BuilderTypes {
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: {
    /** The request carries a valid token (and so a tenant). */
    authenticated: boolean;
    /** The viewer's roles grant this `area:action` permission. */
    permission: string;
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    Date: { Input: Date; Output: Date | string };
    JSONObject: { Input: JsonObject; Output: unknown };
    CountryCode: { Input: string; Output: string };
    File: { Input: File; Output: never };
  };
  Connection: { totalCount?: number | (() => number | Promise<number>) };
  // Areas link to each other's types by name ('Customer', 'Person'); the shapes stay private to
  // the area that defines them, so names resolve to an open shape here.
  Objects: Record<string, object>;
  Interfaces: Record<string, object>;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}

export interface BuilderOptions {
  /** Largest page a connection returns (larger asks are refused earlier, by usePageSizeLimit). */
  maxPageSize: number;
}

const refusal = (context: Context) => (context.viewer === null ? new UnauthenticatedError() : new ForbiddenError());

/**
 * A fresh builder per schema, so that a schema can be built from any subset of plugins.
 * It configures plugins only: the core's shared types live in src/schema/, each area's in its plugin.
 */
export function createBuilder({ maxPageSize }: BuilderOptions) {
  return new SchemaBuilder<BuilderTypes>({
    // Order matters: errors wraps the rest, so a mutation that declares ForbiddenError returns it
    // as a typed result when scope-auth refuses; input text rules come last, inside errors, so
    // their ValidationError is a typed result too.
    plugins: [ErrorsPlugin, ScopeAuthPlugin, ValidationPlugin, PrismaPlugin, RelayPlugin, DataloaderPlugin, TotalCountDescription, ListBounds, InputTextRules],
    defaultFieldNullability: false,
    scopeAuth: {
      authorizeOnSubscribe: true,
      // A type's scopes are checked once where a value of it is resolved (isTypeOf), not on each of
      // its fields: a refused object is one error where the object would be.
      runScopesOnType: true,
      authScopes: (context) => ({
        authenticated: context.viewer !== null,
        permission: (permission: string) => context.viewer?.permissions.has(permission) ?? false,
      }),
      unauthorizedError: (_parent, context) => refusal(context),
    },
    errors: {
      defaultTypes: [],
      // `createPerson: CreatePersonResult` = `PersonPayload | ValidationError | …`, no wrapper.
      directResult: true,
      defaultUnionOptions: {
        name: ({ fieldName }) => `${fieldName[0]!.toUpperCase()}${fieldName.slice(1)}Result`,
        description: "What the mutation answers: its payload when it succeeded, or one of the typed errors listed here, in which case nothing was changed.",
      },
    },
    prisma: {
      // A transaction client has every model delegate Pothos uses; only connection management is missing.
      client: (context) => context.db as unknown as PrismaClient,
      dmmf: getDatamodel(),
      filterConnectionTotalCount: true,
      maxConnectionSize: maxPageSize,
      onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
    },
    relay: {
      clientMutationId: 'omit',
      cursorType: 'String',
      ...relayDescriptions,
      // `nodes(ids:)` loads one page at most, like any connection.
      nodesQueryOptions: {
        ...relayDescriptions.nodesQueryOptions,
        args: { ids: { ...relayDescriptions.nodesQueryOptions.args.ids, extensions: { maxItems: maxPageSize } } },
      },
    },
  });
}

export type Builder = ReturnType<typeof createBuilder>;
