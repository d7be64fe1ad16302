import { type SQL, sql } from 'drizzle-orm'
import { type Db, rows } from './client'

/** How many matches a value of a facet has; the row of facet 'total' counts all matches. */
export interface FacetCountRow<F extends string> {
  facet: F | 'total'
  value: string | null
  n: number
}

export interface FacetedQuery<F extends string> {
  /** The columns of the matching rows: `id`, each facet's column, whatever the order reads. */
  columns: SQL
  /** FROM and WHERE of the rows that match the text, before the facet filters. */
  from: SQL
  /** The condition of each chosen facet. */
  filters: [F, SQL][]
  /** Every facet counted, in order: its column in the matching rows, one value a row or an array of them. */
  facets: { name: F; column: string; array?: boolean }[]
  /** The order of the page: `key` is what it reads as `sort_key`. */
  sort: { key: SQL; order: SQL }
  limit: number
  offset: number
}

/**
 * One pass over the rows that match the text: the ids of the requested page, the total, and for every
 * facet how many matches each value has under all the other filters (so a chosen city still shows the
 * other cities' counts).
 */
export async function selectFacetedMatches<F extends string>(
  db: Db,
  query: FacetedQuery<F>,
): Promise<{ pageIds: number[]; counts: FacetCountRow<F>[] }> {
  const active = query.filters.map(([facet]) => facet)
  const flags = query.filters.map(([facet, condition]) => sql`${condition} AS ${sql.raw(`f_${facet}`)}`)
  const others = (facet?: F) => {
    const conditions = active.filter((f) => f !== facet).map((f) => sql.raw(`f_${f}`))
    return conditions.length ? sql.join(conditions, sql` AND `) : sql`true`
  }
  const counts = query.facets.map(({ name, column, array }) =>
    array
      ? sql`UNION ALL SELECT ${name}::text AS facet, v AS value, count(*)::int AS n FROM m, unnest(m.${sql.raw(column)}) v WHERE ${others(name)} GROUP BY 2`
      : sql`UNION ALL SELECT ${name}::text AS facet, ${sql.raw(column)} AS value, count(*)::int AS n FROM m WHERE ${others(name)} GROUP BY 2`,
  )
  const result = await rows<{ facet: string; value: string | null; n: number }>(
    db,
    sql`WITH m AS MATERIALIZED (
      SELECT ${query.columns},
        ${query.sort.key} AS sort_key${flags.length ? sql`, ${sql.join(flags, sql`, `)}` : sql``}
      FROM ${query.from}
    )
    SELECT 'page'::text AS facet,
      (SELECT coalesce(json_agg(id), '[]')::text FROM (
        SELECT id FROM m WHERE ${others()} ORDER BY ${query.sort.order} LIMIT ${query.limit} OFFSET ${query.offset}) p) AS value,
      0 AS n
    UNION ALL SELECT 'total', NULL, count(*)::int FROM m WHERE ${others()}
    ${sql.join(counts, sql`\n    `)}`,
  )
  const page = result.find((r) => r.facet === 'page')
  return {
    pageIds: (JSON.parse(page?.value ?? '[]') as (number | string)[]).map(Number),
    counts: result.filter((r) => r.facet !== 'page') as FacetCountRow<F>[],
  }
}
