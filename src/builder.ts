import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { z } from 'zod';
import type { Context } from './context.ts';
import { ForbiddenError, UnauthenticatedError } from './errors.ts';
import type PrismaTypes from './generated/pothos-types.ts';
import { getDatamodel } from './generated/pothos-types.ts';
import type { JsonObject } from './schema/scalars.ts';

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
  };
  Connection: { totalCount?: number | (() => number | Promise<number>) };
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}

export interface BuilderOptions {
  /** Largest `first`/`last` a connection accepts; larger asks are a validation error, not a silent cut. */
  maxPageSize: number;
}

/**
 * A fresh builder per schema, so that a schema can be built from any subset of plugins.
 * It configures plugins only: the core's shared types live in src/schema/, each area's in its plugin.
 */
export function createBuilder({ maxPageSize }: BuilderOptions) {
  const pageSize = z
    .number()
    .int()
    .min(0, 'must not be negative')
    .max(maxPageSize, `must be at most ${maxPageSize}: page through larger sets with \`after\``)
    .nullish();

  return new SchemaBuilder<BuilderTypes>({
    // Order matters: scope-auth first so nothing resolves unauthorized; errors before prisma and
    // dataloader so their fields can declare typed errors.
    plugins: [ScopeAuthPlugin, ErrorsPlugin, ValidationPlugin, PrismaPlugin, RelayPlugin, DataloaderPlugin],
    scopeAuth: {
      authorizeOnSubscribe: true,
      authScopes: (context) => ({
        authenticated: context.viewer !== null,
        permission: (permission: string) => context.viewer?.permissions.has(permission) ?? false,
      }),
      unauthorizedError: (_parent, context) =>
        context.viewer === null ? new UnauthenticatedError() : new ForbiddenError(),
    },
    errors: { defaultTypes: [] },
    prisma: {
      client: (context) => context.db,
      dmmf: getDatamodel(),
      filterConnectionTotalCount: true,
      maxConnectionSize: maxPageSize,
      onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
    },
    relay: {
      clientMutationId: 'omit',
      cursorType: 'String',
      firstArgOptions: { validate: pageSize },
      lastArgOptions: { validate: pageSize },
    },
  });
}

export type Builder = ReturnType<typeof createBuilder>;
