import { type SQL, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { rows } from '../../core/db/client'
import { type Bbox, gridCellSize } from '../../core/geo'
import { selectActorGroups, type VisibilityScope } from './queries'
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

  it('counts a wide box from the grid of cells the database keeps, the same as counting every actor', async () => {
    // Actors on a grid across the box's edges, every ninth address for members only.
    await t.db.execute(sql`
      INSERT INTO actors (slug, kind, name, cluster_id, sectors, offers, needs, languages, size_band,
                          description, original_language, lat, lon, visibility)
      SELECT 'edge-studio-' || i, 'enterprise', 'Edge studio number ' || i || ' of the planted map test',
             'leipzig', ARRAY['design'], '{}', '{}', ARRAY['de'], 'micro', '{"de":"Ein Studio"}', 'de',
             51.2481 + (i % 50) * 0.0035, 12.1983 + (i / 50) * 0.0071,
             CASE WHEN i % 9 = 0 THEN '{"address":"members"}'::jsonb ELSE '{}'::jsonb END
      FROM generate_series(0, 2499) AS i`)
    // Profiles change: some move, some hide their address, some leave.
    await t.db.execute(sql`UPDATE actors SET lat = lat + 0.0031, lon = lon - 0.002
                           WHERE slug LIKE 'edge-studio-%' AND id % 5 = 0`)
    await t.db.execute(sql`UPDATE actors SET visibility = visibility || '{"address":"members"}'
                           WHERE slug LIKE 'edge-studio-%' AND id % 7 = 0`)
    await t.db.execute(
      sql`UPDATE actors SET name = name || ' (renamed)' WHERE slug LIKE 'edge-studio-%' AND id % 3 = 0`,
    )
    await t.db.execute(sql`DELETE FROM actors WHERE slug LIKE 'edge-studio-%' AND id % 11 = 0`)

    // The cells hold what counting the actors gives.
    const cells = (from: SQL) =>
      rows<{
        x: number
        y: number
        cluster_id: string
        address_visibility: string
        n: number
        lat_sum: number
      }>(
        t.db,
        sql`SELECT x, y, cluster_id, address_visibility, n, lat_sum FROM (${from}) c ORDER BY 1, 2, 3, 4`,
      )
    const kept = await cells(sql`SELECT * FROM actor_cells`)
    const counted = await cells(
      sql`SELECT floor(lon * 256)::int AS x, floor(lat * 256)::int AS y, cluster_id, address_visibility,
            count(*)::int AS n, sum(lat) AS lat_sum
          FROM actors WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 1, 2, 3, 4`,
    )
    expect(kept.map(({ lat_sum, ...key }) => key)).toEqual(counted.map(({ lat_sum, ...key }) => key))
    for (const [i, c] of kept.entries()) expect(c.lat_sum).toBeCloseTo(counted[i].lat_sum, 6)

    /** Every actor in the box that the scope sees the address of, grouped on the grid one by one. */
    const countedGroups = (box: Bbox, scope: VisibilityScope, city?: string) =>
      rows<{ lat: number; lon: number; n: number }>(
        t.db,
        sql`SELECT avg(lat) AS lat, avg(lon) AS lon, count(*)::int AS n FROM actors
            WHERE lat IS NOT NULL AND lon BETWEEN ${box.minLon} AND ${box.maxLon} AND lat BETWEEN ${box.minLat} AND ${box.maxLat}
              AND (address_visibility = ANY(${sql.param(scope.levels)}::text[]) OR id = ANY(${sql.param(scope.actorIds)}::bigint[])
                   OR cluster_id = ANY(${sql.param(scope.clusterIds)}::text[]))
              AND (${city ?? null}::text IS NULL OR cluster_id = ${city ?? null})
            GROUP BY floor(lon / ${gridCellSize(box)}::float8), floor(lat / ${gridCellSize(box)}::float8)`,
      )
    /** The groups by their cell of the grid (a group's mean position lies in its cell). */
    const byCell = (groups: { lat: number; lon: number; n: number }[], cell: number) =>
      Object.fromEntries(groups.map((g) => [`${Math.floor(g.lon / cell)},${Math.floor(g.lat / cell)}`, g]))
    const same = (got: { lat: number; lon: number; n: number }[], want: typeof got, box: Bbox) => {
      const [found, counted] = [byCell(got, gridCellSize(box)), byCell(want, gridCellSize(box))]
      expect(Object.keys(found).sort()).toEqual(Object.keys(counted).sort())
      for (const [key, g] of Object.entries(found)) {
        expect(g.n, key).toBe(counted[key].n)
        expect(g.lat).toBeCloseTo(counted[key].lat, 4)
        expect(g.lon).toBeCloseTo(counted[key].lon, 4)
      }
    }
    const anyone: VisibilityScope = { levels: ['public'], actorIds: [], clusterIds: [] }
    // The test's box and one whose edges cut through cells, through the endpoint.
    for (const text of [leipzig, '12.2013,51.2577,12.4987,51.3999', '12.1,51.2,12.9,51.6']) {
      const [minLon, minLat, maxLon, maxLat] = text.split(',').map(Number)
      const box = { minLon, minLat, maxLon, maxLat }
      const { body } = await geo(`bbox=${text}`)
      expect(body.clustered, text).toBe(true)
      same(
        body.features.map((f: any) => ({
          lon: f.geometry.coordinates[0],
          lat: f.geometry.coordinates[1],
          n: f.properties.count,
        })),
        await countedGroups(box, anyone),
        box,
      )
      const inCity = await geo(`bbox=${text}&city=leipzig`)
      expect(inCity.body.total).toBe(
        (await countedGroups(box, anyone, 'leipzig')).reduce((s, g) => s + g.n, 0),
      )
    }
    // An organisation's own people and a city's managers see the addresses kept for members.
    const box = { minLon: 12.2013, minLat: 51.2577, maxLon: 12.4987, maxLat: 51.3999 }
    const [hidden] = await rows<{ id: number }>(
      t.db,
      sql`SELECT id::int AS id FROM actors WHERE slug LIKE 'edge-studio-%' AND address_visibility = 'members'
            AND lon > 12.3 AND lat > 51.3 AND lat < 51.39 ORDER BY id LIMIT 1`,
    )
    for (const scope of [
      { levels: ['public'], actorIds: [hidden.id], clusterIds: [] },
      { levels: ['public'], actorIds: [], clusterIds: ['leipzig'] },
      { levels: ['public', 'members'], actorIds: [], clusterIds: [] },
    ] as VisibilityScope[]) {
      const groups = await selectActorGroups(
        t.db,
        { text: undefined, filters: {}, scope },
        box,
        gridCellSize(box),
      )
      same(groups, await countedGroups(box, scope), box)
    }
  }, 90_000)
})
