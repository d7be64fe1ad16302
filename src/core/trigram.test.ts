import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../test/support/app'
import { rows } from './db/client'
import { trigrams, wordSimilarity } from './trigram'

const t = useTestApp()

describe('wordSimilarity', () => {
  it('pads every word as pg_trgm does', () => {
    expect(trigrams('Ab c')).toEqual(['  a', ' ab', 'ab ', '  c', ' c '])
  })

  it("agrees with the database's word_similarity on typos, prefixes, other words and repeated trigrams", async () => {
    const names = (
      await rows<{ name_norm: string }>(t.db, sql`SELECT name_norm FROM actors ORDER BY id LIMIT 60`)
    ).map((r) => r.name_norm)
    const queries = [
      ...names.slice(0, 20).map((n) => n.split(' ')[0]),
      ...names.slice(20, 40).map((n) => n.replace(/[aeiou]/, '').slice(0, 12)),
      ...names.slice(40, 60).map((n) => n.split(' ').slice(-2).join(' ')),
      'studio',
      'lab',
      'x',
      'anana',
      'bananas banana',
    ]
    const pairs = queries.flatMap((q) => names.map((n) => [q, n]))
    const expected = await rows<{ s: number }>(
      t.db,
      sql`SELECT word_similarity(p->>0, p->>1)::float8 AS s FROM jsonb_array_elements(${JSON.stringify(pairs)}::jsonb) p`,
    )
    const differing = pairs.filter(([q, n], i) => wordSimilarity(q, n) !== Math.fround(expected[i].s))
    expect(differing).toEqual([])
    // Not all alike and not all unlike: the pairs try both sides of the threshold.
    expect(expected.filter((e) => e.s >= 0.6).length).toBeGreaterThan(20)
    expect(expected.filter((e) => e.s > 0 && e.s < 0.6).length).toBeGreaterThan(20)
  })
})
