import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQueryable,
} from '@prisma/driver-adapter-utils';
import { SchemaEngine, type DiffTarget, type SchemaContainer } from '@prisma/schema-engine-wasm';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { MIGRATIONS_TABLE } from './migrate.ts';

// Prisma's WebAssembly schema engine, used where we author migrations and check them for drift.
// The running application never loads it.

declare global {
  // Where the engine reports a Rust panic just before it aborts, as Prisma's CLI provides. Without
  // it a panic surfaces only as "RuntimeError: unreachable", with its reason lost.
  var PRISMA_WASM_PANIC_REGISTRY: { set_message(message: string): void } | undefined;
}

globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
  set_message: (message) => process.stderr.write(`Prisma's schema engine panicked: ${message}\n`),
};

export interface SchemaDiff {
  /** True when the database already has exactly the schema's tables, columns, indexes and enums. */
  isEmpty: boolean;
  /** The SQL that takes the database to the schema, in Prisma Migrate's style (`-- CreateTable` …). */
  script: string;
  /** Prisma's human-readable account of the same changes. */
  summary: string;
}

/**
 * The Prisma schema as Prisma reads it: `schema.prisma` plus every file under `models/`, with
 * paths relative to `prismaDir`.
 */
export async function readPrismaSchema(prismaDir: string): Promise<SchemaContainer[]> {
  const modelFiles = (await readdir(join(prismaDir, 'models'))).filter((name) => name.endsWith('.prisma')).sort();
  const paths = ['schema.prisma', ...modelFiles.map((name) => `models/${name}`)];
  return Promise.all(paths.map(async (path) => ({ path, content: await readFile(join(prismaDir, path), 'utf8') })));
}

/**
 * Compares the live database at `connectionString` with the Prisma schema under `prismaDir`.
 * Row-level security, policies, grants and our migrations table are outside the comparison.
 */
export async function diffDatabaseToSchema(options: { connectionString: string; prismaDir: string }): Promise<SchemaDiff> {
  const files = await readPrismaSchema(options.prismaDir);
  const pool = catalogReadablePool(options.connectionString);
  try {
    const engine = await SchemaEngine.new(
      { datamodels: files.map(({ path, content }) => [path, content]) },
      () => {},
      bindMigrationAwareSqlAdapterFactory(catalogReadableAdapterFactory(pool)),
    );
    try {
      // Prisma 7 no longer diffs from a bare URL: the database is the datasource of the schema,
      // reached through the adapter the engine was built with.
      const from: DiffTarget = { tag: 'schemaDatasource', files, configDir: options.prismaDir };
      const to: DiffTarget = { tag: 'schemaDatamodel', files };
      const filters = { externalTables: [`public.${MIGRATIONS_TABLE}`], externalEnums: [] };
      const script = await engine.diff({ from, to, script: true, exitCode: true, filters });
      const summary = await engine.diff({ from, to, script: false, exitCode: true, filters });
      return { isEmpty: script.exitCode === 0, script: script.stdout ?? '', summary: summary.stdout ?? '' };
    } finally {
      engine.free();
    }
  } finally {
    // The engine does not dispose an adapter built on a pool it was handed.
    await pool.end();
  }
}

// --- A workaround for @prisma/adapter-pg 7.10 --------------------------------------------------
// The engine reads catalog columns of PostgreSQL's one-byte `"char"` type (`pg_constraint.contype`)
// and expects them as characters, but the adapter rejects that type outright. So the pool reports
// those columns as text, remembering which they were, and the adapter then declares them as
// characters. Column types depend only on the statement, so its text is a safe key.

const PG_CHAR = 18;
const PG_TEXT = 25;

const charColumnsBySql = new Map<string, number[]>();

function catalogReadableAdapterFactory(pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPg(pool);
  return {
    adapterName: factory.adapterName,
    provider: factory.provider,
    connect: async () => {
      const adapter = declareCharColumns(await factory.connect());
      const startTransaction = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel) => declareCharColumns(await startTransaction(isolationLevel));
      return adapter;
    },
    connectToShadowDb: () => {
      throw new Error('Nexo diffs live databases only; a shadow database is never needed.');
    },
  };
}

function declareCharColumns<T extends SqlQueryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const column of charColumnsBySql.get(query.sql) ?? []) result.columnTypes[column] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

function catalogReadablePool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 2 });
  // Every query, whether sent through the pool or inside a transaction, goes through a client.
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const sql = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text;
      const callback = typeof args.at(-1) === 'function' ? (args.pop() as (error: Error | null, result?: pg.QueryResult) => void) : undefined;
      if (callback) return query(...args, (error: Error | null, result?: pg.QueryResult) => callback(error, result && reportCharAsText(sql, result)));
      return (query(...args) as Promise<pg.QueryResult>).then((result) => reportCharAsText(sql, result));
    }) as typeof client.query;
  });
  return pool;
}

function reportCharAsText(sql: string, result: pg.QueryResult): pg.QueryResult {
  const charColumns: number[] = [];
  (result.fields ?? []).forEach((field, column) => {
    if (field.dataTypeID !== PG_CHAR) return;
    field.dataTypeID = PG_TEXT;
    charColumns.push(column);
  });
  if (charColumns.length > 0) charColumnsBySql.set(sql, charColumns);
  return result;
}
