import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import type { SQL } from 'drizzle-orm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import type { PgDatabase, PgDialect, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import pg from 'pg'
import { schema } from './schema'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>
export type Engine = 'pglite' | 'postgres'

export interface Database {
  db: Db
  engine: Engine
  /** The PGlite instance on the embedded engine (for dumps and the job queue). */
  pglite?: PGlite
  close(): Promise<void>
}

export const pgliteExtensions = { pg_trgm, unaccent }

/**
 * Runs a raw statement and returns its rows, with the same shape on both engines. On a PostgreSQL pool
 * the statement is prepared under a name derived from its text, so each connection plans it once:
 * planning the directory's statements costs more than running them. Pass `prepare: false` for a statement
 * whose best plan depends on its values (a generic plan for a trigram search is a full scan).
 */
export async function rows<T>(db: Db, query: SQL, options: { prepare?: boolean } = {}): Promise<T[]> {
  const client = (db as unknown as { $client?: unknown }).$client
  if (client instanceof pg.Pool && options.prepare !== false) {
    const { sql: text, params } = (db as unknown as { dialect: PgDialect }).dialect.sqlToQuery(query)
    const name = `ccn_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`
    return (await client.query<T & pg.QueryResultRow>({ name, text, values: params })).rows
  }
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}

/**
 * Runs `work` in one transaction: all of it is committed or none. The transaction is a `Db`, so the
 * queries a module writes for `ctx.db` run inside it unchanged.
 */
export function inTransaction<T>(ctx: { db: Db }, work: (tx: Db) => Promise<T>): Promise<T> {
  return ctx.db.transaction((tx) => work(tx))
}

export function openPostgres(url: string, poolSize = 10): Database {
  // JIT compilation costs more than it saves on the short statements of a web request.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c jit=off' })
  // A bad statement on one connection must not take the process down.
  pool.on('error', (err) => console.error('postgres pool error:', err.message))
  return {
    db: drizzlePg(pool, { schema }) as unknown as Db,
    engine: 'postgres',
    close: () => pool.end(),
  }
}

export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const pglite = await PGlite.create({
    dataDir: dataDir ? join(dataDir, 'pglite') : undefined,
    extensions: pgliteExtensions,
    loadDataDir,
  })
  return {
    db: drizzlePglite(pglite, { schema }) as unknown as Db,
    engine: 'pglite',
    pglite,
    close: () => pglite.close(),
  }
}
