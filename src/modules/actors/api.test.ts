import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { rows } from '../../core/db/client'

const t = useTestApp()

async function search(query: string) {
  const res = await t.request(`/api/v1/actors${query}`)
  return { status: res.status, body: (await res.json()) as any }
}

describe('GET /api/v1/actors', () => {
  it('lists the demo network with a total, facets and paging', async () => {
    const { status, body } = await search('?per_page=5')
    expect(status).toBe(200)
    expect(body.items).toHaveLength(5)
    expect(body.total).toBeGreaterThanOrEqual(300)
    expect(body.page).toBe(1)
    expect(body.per_page).toBe(5)
    const cityCounts = body.facets.city.map((f: any) => f.value).sort()
    expect(cityCounts).toEqual(['gdansk', 'genoa', 'leipzig', 'ljubljana', 'pecs'])
    const sum = body.facets.city.reduce((s: number, f: any) => s + f.count, 0)
    expect(sum).toBe(body.total)
  })

  it('narrows by two facets, and every result has both', async () => {
    const { body } = await search('?city=leipzig&sector=design&per_page=100')
    expect(body.total).toBeGreaterThan(0)
    for (const item of body.items) {
      expect(item.city).toBe('leipzig')
      expect(item.sectors).toContain('design')
    }
    // The city facet still counts the other cities under the sector filter, so they can be chosen too.
    const design = await search('?sector=design&per_page=1')
    expect(body.facets.city.find((f: any) => f.value === 'genoa')?.count).toBe(
      design.body.facets.city.find((f: any) => f.value === 'genoa')?.count,
    )
    expect(body.facets.city.find((f: any) => f.value === 'leipzig')?.count).toBe(body.total)
  })

  it('combines values of one facet with OR', async () => {
    const a = await search('?city=leipzig&per_page=1')
    const b = await search('?city=genoa&per_page=1')
    const both = await search('?city=leipzig&city=genoa&per_page=1')
    expect(both.body.total).toBe(a.body.total + b.body.total)
  })

  it('finds a name with a typo and without its accents', async () => {
    const { body: all } = await search('?per_page=100&city=pecs')
    const accented = all.items.find((i: any) => /[áéíóöőúüű]/i.test(i.name))
    expect(accented).toBeDefined()
    const plain = accented.name.normalize('NFKD').replace(/\p{M}/gu, '')
    const { body } = await search(`?q=${encodeURIComponent(plain)}`)
    expect(body.items.map((i: any) => i.slug)).toContain(accented.slug)
    const word = accented.name.split(' ').sort((x: string, y: string) => y.length - x.length)[0]
    const typo = word.slice(0, 2) + word.slice(3)
    const { body: typoBody } = await search(`?q=${encodeURIComponent(typo)}`)
    expect(typoBody.items.some((i: any) => i.name.includes(word))).toBe(true)
  })

  it('finds actors by a capability named in another language', async () => {
    const { body } = await search(`?q=${encodeURIComponent('animacja 3D')}&per_page=100`)
    expect(body.total).toBeGreaterThan(0)
    expect(body.items.some((i: any) => i.offers.includes('3d-animation'))).toBe(true)
  })

  it('matches the start of a word', async () => {
    const { body: list } = await search('?per_page=1&sort=name&city=leipzig')
    const word = (list.items[0].name as string).split(' ').find((w) => w.length >= 5)!
    const { body } = await search(`?q=${encodeURIComponent(word.slice(0, 4))}&city=leipzig&sort=name`)
    expect(body.items.map((i: any) => i.slug)).toContain(list.items[0].slug)
  })

  it('sorts by name', async () => {
    const { body } = await search('?sort=name&per_page=30')
    const names = body.items.map((i: any) => i.name)
    const collator = new Intl.Collator('en')
    const folded = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
    for (let i = 1; i < names.length; i++)
      expect(collator.compare(folded(names[i - 1]), folded(names[i]))).toBeLessThanOrEqual(0)
  })

  it('pages a text search without overlap, in every sort order', async () => {
    for (const sort of ['relevance', 'name', 'newest']) {
      const all = await search(`?q=studio&sort=${sort}&per_page=100`)
      expect(all.body.total).toBeGreaterThan(10)
      const seen: string[] = []
      for (let page = 1; page <= Math.ceil(all.body.total / 7); page++) {
        seen.push(
          ...(await search(`?q=studio&sort=${sort}&per_page=7&page=${page}`)).body.items.map(
            (i: any) => i.slug,
          ),
        )
      }
      expect(new Set(seen).size).toBe(all.body.total)
      expect(seen.length).toBe(all.body.total)
    }
  })

  it('combines values of one facet with OR under a text search too', async () => {
    const a = await search('?q=studio&sector=design&per_page=1')
    const b = await search('?q=studio&sector=media&per_page=1')
    const both = await search('?q=studio&sector=design&sector=media&per_page=1')
    const overlap = await search('?q=studio&sector=design&per_page=100')
    const inBoth = overlap.body.items.filter((i: any) => i.sectors.includes('media')).length
    expect(both.body.total).toBe(a.body.total + b.body.total - inBoth)
  })

  it('pages without overlap', async () => {
    const p1 = await search('?sort=newest&per_page=10&page=1')
    const p2 = await search('?sort=newest&per_page=10&page=2')
    const s1 = new Set(p1.body.items.map((i: any) => i.slug))
    expect(p2.body.items.some((i: any) => s1.has(i.slug))).toBe(false)
  })

  it('answers a repeated search from memory until an actor changes, whoever changes it', async () => {
    const { body: list } = await search('?per_page=1&sort=name')
    const slug = list.items[0].slug
    const word = 'Zwielichtquarzbogen'
    expect((await search(`?q=${word}`)).body.total).toBe(0)
    // Written past the version trigger, the change is not seen: the second answer is the remembered one.
    await t.db.execute(sql`ALTER TABLE actors DISABLE TRIGGER actors_version_update`)
    await t.db.execute(
      sql`UPDATE actors SET description = description || jsonb_build_object('en', ${word}::text) WHERE slug = ${slug}`,
    )
    await t.db.execute(sql`ALTER TABLE actors ENABLE TRIGGER actors_version_update`)
    expect((await search(`?q=${word}`)).body.total).toBe(0)
    // Any later write to actors, here a plain statement as another process or psql would run it, moves the version.
    await t.db.execute(sql`UPDATE actors SET updated_at = now() WHERE slug = ${slug}`)
    const { body } = await search(`?q=${word}`)
    expect(body.total).toBe(1)
    expect(body.items[0].slug).toBe(slug)
  })

  it('stays right when many actors change at once, and when the log of changes no longer reaches back', async () => {
    const word = 'Abendrotkristall'
    expect((await search(`?q=${word}`)).body.total).toBe(0)
    // A tenth of the directory at once: more than the index keeps apart, so it is read whole.
    await t.db.execute(
      sql`UPDATE actors SET description = description || jsonb_build_object('en', ${word}::text) WHERE id % 10 = 3`,
    )
    const [{ n }] = await rows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM actors WHERE id % 10 = 3`,
    )
    expect((await search(`?q=${word}&per_page=1`)).body.total).toBe(n)
    // A change whose log is gone (pruned after a day, or a TRUNCATE): it can only be seen by reading whole.
    const [{ id }] = await rows<{ id: number }>(
      t.db,
      sql`SELECT id FROM actors WHERE id % 10 = 3 ORDER BY id LIMIT 1`,
    )
    await t.db.execute(sql`UPDATE actors SET description = '{"en": "gone"}'::jsonb WHERE id = ${id}`)
    await t.db.execute(sql`DELETE FROM actor_changes`)
    await t.db.execute(sql`UPDATE actor_version SET changes_from = version`)
    const left = n - 1
    expect((await search(`?q=${word}&per_page=1`)).body.total).toBe(left)
  })

  it.each([
    ['an unknown parameter', '?colour=red', 'colour'],
    ['a page below one', '?page=-1', 'page'],
    ['too many per page', '?per_page=101', 'per_page'],
    ['an unknown sort', '?sort=price', 'sort'],
    ['an unknown kind', '?kind=robot', 'kind'],
    ['an unknown city', '?city=atlantis', 'city'],
    ['an unknown capability', '?offers=teleportation', 'offers'],
    ['a 2 KB query', `?q=${'a'.repeat(2048)}`, 'q'],
  ])('rejects %s with 400 and says what is wrong', async (_name, query, field) => {
    const { status, body } = await search(query)
    expect(status).toBe(400)
    expect(body.error.code).toBe('invalid_request')
    expect(body.error.request_id).toBeTruthy()
    expect(body.error.details.map((d: any) => d.field).join(' ')).toContain(field)
  })

  it('treats SQL and HTML in q as plain words', async () => {
    const { status, body } = await search(`?q=${encodeURIComponent("'; DROP TABLE actors; -- <script>")}`)
    expect(status).toBe(200)
    expect(body.total).toBe(0)
    expect((await search('?per_page=1')).body.total).toBeGreaterThanOrEqual(300)
  })

  it('labels facets in the language of ?lang=', async () => {
    const { status, body } = await search('?lang=de&per_page=1')
    expect(status).toBe(200)
    expect(body.facets.kind.map((f: any) => f.label)).toContain('Freiberufler')
  })

  it('answers errors in the language asked for', async () => {
    const res = await t.request('/api/v1/actors?page=0', { headers: { 'accept-language': 'de' } })
    const body = (await res.json()) as any
    expect(res.status).toBe(400)
    const en = (await search('?page=0')).body
    expect(body.error.message).not.toBe(en.error.message)
  })
})

describe('GET /api/v1/actors/{slug}', () => {
  it('returns the profile with similar actors', async () => {
    const { body: list } = await search('?per_page=1&sort=name')
    const res = await t.request(`/api/v1/actors/${list.items[0].slug}`)
    const body = (await res.json()) as any
    expect(res.status).toBe(200)
    expect(body.slug).toBe(list.items[0].slug)
    expect(body.similar.length).toBeGreaterThan(0)
    expect(body.similar.map((s: any) => s.slug)).not.toContain(body.slug)
  })

  it('is 404 for an unknown or malformed slug', async () => {
    for (const slug of ['no-such-actor', 'Bad%20Slug', '..%2F..%2Fetc']) {
      const res = await t.request(`/api/v1/actors/${slug}`)
      expect(res.status).toBe(404)
      expect(((await res.json()) as any).error.code).toMatch(/not_found|invalid_slug/)
    }
  })
})

describe('GET /api/v1/geo/actors', () => {
  it('returns the filtered set as GeoJSON points', async () => {
    const res = await t.request('/api/v1/geo/actors?city=genoa')
    expect(res.headers.get('content-type')).toContain('application/geo+json')
    const body = (await res.json()) as any
    expect(body.type).toBe('FeatureCollection')
    expect(body.features.length).toBeGreaterThan(0)
    for (const f of body.features) {
      expect(f.properties.city).toBe('genoa')
      const [lon, lat] = f.geometry.coordinates
      expect(lat).toBeGreaterThan(44)
      expect(lat).toBeLessThan(45)
      expect(lon).toBeGreaterThan(8.5)
    }
  })
})
