import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { rows } from '../../core/db/client'
import { mapPointLimit } from './service'

const t = useTestApp()

/** Leipzig and its surroundings; the demo network has a few dozen actors in it. */
const leipzig = '12.2,51.25,12.55,51.42'

async function geo(query: string, lang = 'en') {
  const res = await t.request(`/api/v1/geo/actors?${query}`, { headers: { 'accept-language': lang } })
  const text = await res.text()
  return { status: res.status, bytes: Buffer.byteLength(text), body: JSON.parse(text) as any }
}

const inside = ([lon, lat]: number[], box: string) => {
  const [w, s, e, n] = box.split(',').map(Number)
  return lon >= w && lon <= e && lat >= s && lat <= n
}

describe('GET /api/v1/geo/actors?bbox=', () => {
  it('gives the actors inside the box as points, says how many and that they are not grouped', async () => {
    const { status, body } = await geo(`bbox=${leipzig}`)
    expect(status).toBe(200)
    expect(body.clustered).toBe(false)
    expect(body.features.length).toBeGreaterThan(10)
    expect(body.total).toBe(body.features.length)
    for (const f of body.features) {
      expect(inside(f.geometry.coordinates, leipzig)).toBe(true)
      expect(f.properties.city).toBe('leipzig')
    }
    // The same actors as the city's whole set, less those outside the box.
    const city = await geo('city=leipzig')
    const inBox = city.body.features.filter((f: any) => inside(f.geometry.coordinates, leipzig))
    expect(body.features.map((f: any) => f.properties.slug).sort()).toEqual(
      inBox.map((f: any) => f.properties.slug).sort(),
    )
  })

  it("narrows by the directory's filters inside the box", async () => {
    const all = await geo(`bbox=${leipzig}`)
    const { body } = await geo(`bbox=${leipzig}&city=leipzig&sector=design`)
    expect(body.total).toBeGreaterThan(0)
    expect(body.total).toBeLessThan(all.body.total)
    const designers = await t.request('/api/v1/actors?city=leipzig&sector=design&per_page=100')
    const slugs = new Set(((await designers.json()) as any).items.map((a: any) => a.slug))
    for (const f of body.features) expect(slugs.has(f.properties.slug)).toBe(true)
    const elsewhere = await geo(`bbox=${leipzig}&city=genoa`)
    expect(elsewhere.body).toMatchObject({ clustered: false, total: 0, features: [] })
  })

  it('keeps the answer without a box as it was: every match, capped, without the box members', async () => {
    const { body } = await geo('city=genoa')
    expect(body.truncated).toBe(false)
    expect(body.features.length).toBeGreaterThan(0)
    expect(body).not.toHaveProperty('clustered')
    expect(body).not.toHaveProperty('total')
  })

  it('refuses a box that is not four numbers in range with min below max, in the reader’s language', async () => {
    for (const bad of [
      '12.2,51.25,12.55',
      '12.2,51.25,12.55,51.42,3',
      'a,b,c,d',
      '12.2,51.25,12.55,1e3',
      '12.55,51.25,12.2,51.42',
      '12.2,51.42,12.55,51.25',
      '12.2,51.25,12.2,51.42',
      '-181,0,10,10',
      '0,-91,10,10',
      '0,0,181,10',
      '0,0,10,90.5',
      'Infinity,0,10,10',
      ',,,',
    ]) {
      const { status, body } = await geo(`bbox=${encodeURIComponent(bad)}`, 'de')
      expect(status, bad).toBe(400)
      expect(body.error.code, bad).toBe('invalid_request')
      expect(body.error.details, bad).toEqual([
        { field: 'bbox', message: expect.stringContaining('Vier Zahlen') },
      ])
    }
    // What a map library gives, full float precision and all, is a box.
    expect((await geo('bbox=12.200000000000001,51.25,12.549999999999999,51.42')).status).toBe(200)
    // An empty box is no box.
    expect((await geo('bbox=&city=genoa')).body.truncated).toBe(false)
  })

  it('leaves out actors whose address the reader may not see, from points and from the count', async () => {
    const [hidden] = await rows<{ slug: string }>(
      t.db,
      sql`UPDATE actors SET visibility = visibility || '{"address":"members"}'
          WHERE id = (SELECT id FROM actors WHERE cluster_id = 'leipzig' AND lat IS NOT NULL ORDER BY id LIMIT 1)
          RETURNING slug`,
    )
    const { body } = await geo(`bbox=${leipzig}`)
    expect(body.features.map((f: any) => f.properties.slug)).not.toContain(hidden.slug)
    expect(body.total).toBe(body.features.length)
  })

  it('groups a dense box into counted cells in SQL, under 1 MB, and still gives points where few are', async () => {
    // 3,000 actors spread evenly over Leipzig, so that most cells of the grid are taken.
    const planted = 3000
    await t.db.execute(sql`
      INSERT INTO actors (slug, kind, name, cluster_id, sectors, offers, needs, languages, size_band,
                          description, original_language, lat, lon)
      SELECT 'dense-studio-' || i, 'enterprise', 'Dense studio number ' || i || ' of the planted map test',
             'leipzig', ARRAY['design'], '{}', '{}', ARRAY['de'], 'micro', '{"de":"Ein Studio"}', 'de',
             51.26 + (i % 60) * 0.0026, 12.21 + (i / 60) * 0.0066
      FROM generate_series(0, ${planted - 1}) AS i`)
    const { status, bytes, body } = await geo(`bbox=${leipzig}`)
    expect(status).toBe(200)
    expect(body.clustered).toBe(true)
    expect(body.total).toBeGreaterThanOrEqual(planted)
    expect(bytes).toBeLessThan(1_000_000)
    expect(body.features.length).toBeGreaterThan(500)
    let sum = 0
    for (const f of body.features) {
      expect(f.properties).toEqual({ cluster: true, count: expect.any(Number) })
      expect(inside(f.geometry.coordinates, leipzig)).toBe(true)
      sum += f.properties.count
    }
    expect(sum).toBe(body.total)

    // Zoomed in, few enough for points: the map names them again.
    const corner = '12.2,51.25,12.25,51.27'
    const near = await geo(`bbox=${corner}`)
    expect(near.body.clustered).toBe(false)
    expect(near.body.total).toBeGreaterThan(0)
    expect(near.body.total).toBeLessThanOrEqual(mapPointLimit)
    expect(near.bytes).toBeLessThan(1_000_000)
    for (const f of near.body.features) expect(inside(f.geometry.coordinates, corner)).toBe(true)
  }, 90_000)
})
