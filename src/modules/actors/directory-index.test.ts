import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { rows } from '../../core/db/client'
import { queryWords } from '../../core/text'
import { type DirectoryIndex, readDirectoryIndex } from './directory-index'
import {
  type FacetFilters,
  type SearchQuery,
  selectActorBySlug,
  selectActorPage,
  selectChangesSince,
  selectIndexRows,
  selectMatches,
  selectStoredFacetCounts,
  type VisibilityScope,
} from './queries'
import { insertActors, textMatch } from './service'

const t = useTestApp()

const scopes: Record<string, VisibilityScope> = {
  visitor: { levels: ['public'], actorIds: [], clusterIds: [] },
  member: { levels: ['public', 'members'], actorIds: [], clusterIds: [] },
  manager: { levels: ['public'], actorIds: [], clusterIds: ['genoa'] },
  admin: { levels: ['public', 'members', 'private'], actorIds: [], clusterIds: [] },
}

let index: DirectoryIndex
let names: string[]

beforeAll(async () => {
  // Needs hidden from some viewers, and one organisation's own people who see its hidden needs.
  await t.db.execute(
    sql`UPDATE actors SET visibility = visibility || jsonb_build_object('needs', CASE WHEN id % 3 = 0 THEN 'members' ELSE 'private' END)
        WHERE id % 4 = 0 AND cardinality(needs) > 0`,
  )
  const [own] = await rows<{ id: number }>(
    t.db,
    sql`SELECT id FROM actors WHERE visibility->>'needs' = 'private' ORDER BY id LIMIT 1`,
  )
  scopes.own = { levels: ['public'], actorIds: [Number(own.id)], clusterIds: [] }
  index = await readDirectoryIndex(t.db)
  names = (await rows<{ name: string }>(t.db, sql`SELECT name FROM actors ORDER BY id`)).map((r) => r.name)
})

const sorted = <T>(list: T[]) => [...list].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))

/** The same question asked of the database (`selectMatches`) and of an index. */
async function bothWays(
  index: DirectoryIndex,
  q: string,
  filters: FacetFilters,
  scope: VisibilityScope,
  sort: SearchQuery['sort'],
  limit = 1000,
  offset = 0,
) {
  const query = { text: await textMatch(t.ctx(), q), filters, scope, sort, limit, offset }
  const database = await selectMatches(t.db, query)
  const words = queryWords(q)
  const memory = index.search({
    words,
    capabilities: query.text?.capabilities ?? [],
    filters,
    scope,
    sort,
    limit,
    offset,
  })
  return { database, memory }
}

describe('the directory index in memory', () => {
  it('holds every actor, at the version it was read', async () => {
    const [{ n }] = await rows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM actors`)
    expect(index.size).toBe(n)
    const [{ version }] = await rows<{ version: string }>(t.db, sql`SELECT version FROM actor_version`)
    expect(index.version).toBe(Number(version))
  })

  it('finds, counts and pages as the database does, for every viewer', async () => {
    const words = [
      ...names.slice(0, 12).map((n) => n.split(' ')[0]),
      ...names.slice(12, 20).map((n) => n.split(' ').at(-1)!.slice(0, 4)),
      ...names.slice(20, 26).map((n) => n.replace(/[aeiou]/, 'x')),
      ...names.slice(26, 30).map((n) => n.toUpperCase()),
      '3D-Animation',
      'animazione 3d',
      'Tłumaczenie',
      'pr',
      'de studio',
      'zwielichtquarz',
      '',
    ]
    const filterSets: FacetFilters[] = [
      {},
      { city: ['leipzig'] },
      { city: ['genoa', 'pecs'], sector: ['design'] },
      { kind: ['freelancer'], language: ['de', 'en'] },
      { needs: ['funding', 'venue'] },
      { offers: ['3d-animation'], size: ['micro'] },
      { needs: ['venue'], city: ['genoa'], kind: ['enterprise'] },
    ]
    let compared = 0
    let found = 0
    for (const q of words)
      for (const filters of filterSets)
        for (const [who, scope] of Object.entries(scopes)) {
          const { database, memory } = await bothWays(index, q, filters, scope, 'name')
          const what = `${q} ${JSON.stringify(filters)} ${who}`
          expect(sorted(memory.counts), what).toEqual(sorted(database.counts))
          expect(memory.pageIds, what).toEqual(database.pageIds)
          compared++
          found += memory.pageIds.length
        }
    expect(compared).toBe(words.length * filterSets.length * 5)
    expect(found).toBeGreaterThan(1000)
  })

  it('pages in the newest and name orders as the database does, and ranks the same matches', async () => {
    for (const q of ['', 'studio', names[3].split(' ')[0]])
      for (const sort of ['newest', 'name', 'relevance'] as const)
        for (const offset of [0, 20]) {
          const { database, memory } = await bothWays(
            index,
            q,
            { kind: ['enterprise', 'freelancer'] },
            scopes.visitor,
            sort,
            20,
            offset,
          )
          if (sort === 'relevance' && q) {
            expect(memory.pageIds).toHaveLength(database.pageIds.length)
            expect(new Set(memory.pageIds).size).toBe(memory.pageIds.length)
          } else expect(memory.pageIds, `${q} ${sort} ${offset}`).toEqual(database.pageIds)
        }
    const all = await bothWays(index, 'studio', {}, scopes.visitor, 'relevance')
    expect(sorted(all.memory.pageIds)).toEqual(sorted(all.database.pageIds))
  })

  it("answers views without text as the database's index scan and stored counts do", async () => {
    for (const city of [undefined, ['leipzig'], ['genoa', 'pecs']])
      for (const sort of ['name', 'newest'] as const)
        for (const offset of [0, 30]) {
          const filters = city ? { city } : {}
          const query = { filters, scope: scopes.visitor, sort, limit: 15, offset }
          const page = await selectActorPage(t.db, query)
          const memory = index.search({ ...query, words: [], capabilities: [] })
          const what = `${city} ${sort} ${offset}`
          expect(memory.pageIds, what).toEqual(page.map((r) => Number(r.id)))
          expect(sorted(memory.counts), what).toEqual(sorted(await selectStoredFacetCounts(t.db, city)))
        }
  })

  it('ranks an actor first for its own name, typed with a typo too', async () => {
    const name = names.find((n) => n.split(' ').length >= 2 && n.length >= 14)!
    for (const q of [name, name.replace(/[aeiou]/, 'x')]) {
      const { memory } = await bothWays(index, q, {}, scopes.visitor, 'relevance', 5)
      const [first] = await rows<{ name: string }>(
        t.db,
        sql`SELECT name FROM actors WHERE id = ${memory.pageIds[0]}`,
      )
      expect(first.name, q).toBe(name)
    }
  })

  it('brings itself up to date from the actors written since, as reading them all again would', async () => {
    const before = await readDirectoryIndex(t.db)
    const [first, second] = await rows<{ slug: string }>(
      t.db,
      sql`SELECT slug FROM actors ORDER BY id LIMIT 2`,
    )
    const {
      id: _id,
      createdAt: _c,
      updatedAt: _u,
      nameNorm: _n,
      search: _s,
      addressVisibility: _a,
      ...copy
    } = (await selectActorBySlug(t.db, first.slug))!
    const [kept, gone] = await insertActors(t.db, [
      { ...copy, slug: 'zwielicht-atelier', name: 'Zwielicht Atelier', kind: 'association' },
      { ...copy, slug: 'zwielicht-studio', name: 'Zwielicht Studio' },
    ])
    await t.db.execute(sql`UPDATE actors SET name = 'Zwielicht Verlag', sectors = '{publishing}', offers = '{}',
      created_at = now() - interval '1 day' WHERE slug = ${second.slug}`)
    await t.db.execute(
      sql`UPDATE actors SET description = '{"en": "Zwielicht sound design"}' WHERE id = ${kept}`,
    )
    await t.db.execute(sql`DELETE FROM actors WHERE id = ${gone}`)

    const log = await selectChangesSince(t.db, before.version, 100)
    expect(log.changesFrom).toBeLessThanOrEqual(before.version)
    const ids = log.ids
    expect(ids.sort()).toEqual(
      [kept, gone, (await selectActorBySlug(t.db, second.slug))!.id].map(Number).sort(),
    )
    const updated = before.withChanges(log.version, ids, await selectIndexRows(t.db, { ids }))
    expect(updated.version).toBe(log.version)
    expect(updated.size).toBe(before.size + 1)
    expect(updated.changed).toBe(2)

    const questions: [string, FacetFilters, SearchQuery['sort']][] = [
      ['zwielicht', {}, 'name'],
      ['zwielicht', { sector: ['publishing'] }, 'newest'],
      ['zwielicht', {}, 'relevance'],
      ['', {}, 'newest'],
      ['', { kind: ['association', 'enterprise'] }, 'name'],
      ['studio', { city: [copy.clusterId] }, 'name'],
      [names[1].split(' ')[0], {}, 'newest'],
    ]
    for (const [q, filters, sort] of questions)
      for (const offset of [0, 5]) {
        const { database, memory } = await bothWays(updated, q, filters, scopes.visitor, sort, 12, offset)
        const what = `${q} ${JSON.stringify(filters)} ${sort} ${offset}`
        expect(sorted(memory.counts), what).toEqual(sorted(database.counts))
        if (sort === 'relevance') expect(sorted(memory.pageIds), what).toEqual(sorted(database.pageIds))
        else expect(memory.pageIds, what).toEqual(database.pageIds)
      }
    const zwielicht = await bothWays(updated, 'zwielicht', {}, scopes.visitor, 'name')
    expect(zwielicht.memory.pageIds).toHaveLength(2)
  })
})
