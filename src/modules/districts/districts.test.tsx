import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { testConfig } from '../../../test/support/database'
import { signedInPerson } from '../../../test/support/people'
import { buildWorld, type World } from '../../../test/support/world'
import { actors } from '../actors/schema'
import { auditLog } from '../audit/schema'
import { clusterManagers } from '../membership/schema'
import { districtMilestones, districtRenewal } from './schema'
import {
  type DistrictIndicator,
  districtIndicators,
  getDistrict,
  lastMonths,
  provideDistrictIndicators,
  provideDistrictSection,
} from './service'

const t = useTestApp()
let world: World

// A district of the world's city (Pécs, where its cluster manager works) and one of Leipzig.
const district = 'pecs-zsolnay'
const base = `/en/districts/${district}`

// The hooks as another module would use them: a section on every district page, an indicator per month.
provideDistrictSection(async (_ctx, d) => <section id="test-section">Section for {d.name}</section>)
provideDistrictIndicators(
  async (_db, ids, months): Promise<DistrictIndicator[]> =>
    ids.map((id) => ({ key: 'districts.indicator.test', districtId: id, values: months.map((_, i) => i) })),
)

// Manages another city: a manager's right ends at their own cluster's districts.
let leipzigManager: { id: string; cookie: string }

beforeAll(async () => {
  world = await buildWorld(t)
  leipzigManager = await signedInPerson(t)
  await t.db.insert(clusterManagers).values({ clusterId: 'leipzig', userId: leipzigManager.id })
}, 60_000)

function send(
  path: string,
  cookie: string | undefined,
  body: Record<string, string> | FormData,
  method = 'POST',
) {
  const headers: Record<string, string> = { origin: testConfig.publicUrl }
  if (cookie) headers.cookie = cookie
  if (!(body instanceof FormData)) headers['content-type'] = 'application/x-www-form-urlencoded'
  return t.request(path, {
    method,
    headers,
    body: body instanceof FormData ? body : new URLSearchParams(body).toString(),
    redirect: 'manual',
  })
}

function api(path: string, cookie: string | undefined, method: string, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (cookie) headers.cookie = cookie
  return t.request(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

const ring = (lon: number, lat: number, d = 0.005) => [
  [lon, lat],
  [lon + d, lat],
  [lon + d, lat + d],
  [lon, lat + d],
  [lon, lat],
]
// Pécs lies at about 18.23 E, 46.07 N.
const square = { type: 'Polygon', coordinates: [ring(18.23, 46.07)] }

const renewalRow = async () =>
  (await t.db.select().from(districtRenewal).where(eq(districtRenewal.districtId, district)))[0]

describe('the district page', () => {
  it('shows the story, the timeline with its sources, the actors, the charts and the sections of other modules', async () => {
    const res = await t.request(base)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('Zsolnay')
    expect(html).toContain('Demo entry')
    expect(html).toContain('Section for')
    expect(html).toContain('Creative actors present')
    // The charts are SVG without inline style attributes (the CSP forbids them).
    expect(html).toContain('<svg')
    expect(html).not.toMatch(/<svg[^>]*style="/)
    expect(html).toContain('data-geometry=')
    expect(html).not.toContain('Manage this district')
  })

  it('offers the manager’s link to the district’s cluster manager only', async () => {
    expect(
      await (await t.request(base, { headers: { cookie: world.people.cluster_manager.cookie } })).text(),
    ).toContain('Manage this district')
    expect(
      await (await t.request(base, { headers: { cookie: leipzigManager.cookie } })).text(),
    ).not.toContain('Manage this district')
  })

  it('lists every district by city with its status, and the cluster page lists its own', async () => {
    const list = await (await t.request('/en/districts')).text()
    expect(list).toContain('Lindenau')
    expect(list).toContain('Renewed')
    const cluster = await (await t.request('/en/clusters/pecs')).text()
    expect(cluster).toContain('Renewal of districts')
    expect(cluster).toContain(`/en/districts/${district}`)
  })

  it('answers 404 for a district that does not exist', async () => {
    expect((await t.request('/en/districts/nowhere-at-all')).status).toBe(404)
  })
})

describe('boundary validation', () => {
  const bad: [string, string, string][] = [
    ['not JSON', '{"type": "Polygon", ', 'This is not JSON'],
    [
      'a point',
      JSON.stringify({ type: 'Point', coordinates: [18.23, 46.07] }),
      'Only a GeoJSON Polygon or MultiPolygon',
    ],
    [
      'a ring that does not close',
      JSON.stringify({
        type: 'Polygon',
        coordinates: [
          ring(18.23, 46.07)
            .slice(0, 4)
            .concat([[18.24, 46.08]]),
        ],
      }),
      'A ring does not close',
    ],
    [
      'fewer than 4 positions',
      JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [18.23, 46.07],
            [18.24, 46.07],
            [18.23, 46.07],
          ],
        ],
      }),
      'at least 4 positions',
    ],
    [
      'coordinates out of range',
      JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [18.23, 46.07],
            [200, 46.07],
            [18.24, 95],
            [18.23, 46.07],
          ],
        ],
      }),
      'out of range',
    ],
    [
      'too many points',
      JSON.stringify({
        type: 'Polygon',
        coordinates: [[...Array.from({ length: 5001 }, (_, i) => [18.23 + i * 1e-6, 46.07]), [18.23, 46.07]]],
      }),
      'more than 5,000 points',
    ],
    [
      'far from the city (latitude first)',
      JSON.stringify({ type: 'Polygon', coordinates: [ring(46.07, 18.23)] }),
      'more than 50 km from the city',
    ],
  ]

  for (const [name, boundary, message] of bad) {
    it(`refuses ${name} with a translated field error and writes nothing`, async () => {
      const before = await renewalRow()
      const res = await send(`${base}/edit`, world.people.cluster_manager.cookie, {
        status: 'vacant',
        boundary,
      })
      expect(res.status).toBe(422)
      expect(await res.text()).toContain(message)
      expect(await renewalRow()).toEqual(before)
    })
  }

  it('tells the error in the reader’s language', async () => {
    const res = await send(`/de/districts/${district}/edit`, world.people.cluster_manager.cookie, {
      status: 'vacant',
      boundary: '{',
    })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Das ist kein JSON')
  })

  it('stores a valid polygon (a Feature from a drawing tool) and shows it on the page and on the map endpoint', async () => {
    const feature = JSON.stringify({ type: 'Feature', properties: {}, geometry: square })
    const res = await send(`${base}/edit`, world.people.cluster_manager.cookie, {
      status: 'in_transition',
      boundary: feature,
      description_en: 'A factory quarter turned cultural quarter.',
    })
    expect(res.status).toBe(303)
    const d = await getDistrict(t.ctx(), district)
    expect(d.status).toBe('in_transition')
    expect(d.boundary).toEqual(square)
    expect(d.description.en).toBe('A factory quarter turned cultural quarter.')
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'districts.updated'), eq(auditLog.subjectId, district)))
    expect(audit.userId).toBe(world.people.cluster_manager.id)
  })

  it('takes an uploaded file', async () => {
    const form = new FormData()
    form.set('status', 'renewed')
    form.set(
      'boundary_file',
      new File([JSON.stringify(square)], 'zsolnay.geojson', { type: 'application/geo+json' }),
    )
    const res = await send(`${base}/edit`, world.people.cluster_manager.cookie, form)
    expect(res.status).toBe(303)
    expect((await getDistrict(t.ctx(), district)).status).toBe('renewed')
  })
})

describe('milestones', () => {
  const milestoneCount = async () =>
    (await t.db.select().from(districtMilestones).where(eq(districtMilestones.districtId, district))).length

  it('are added with an image, re-encoded, shown on the page and removed again', async () => {
    const sharp = (await import('sharp')).default
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } })
      .png()
      .toBuffer()
    const form = new FormData()
    form.set('happened_on', '2024-06-01')
    form.set('precision', 'month')
    form.set('text_en', 'The first studio opens in the former kiln hall.')
    form.set('image', new File([new Uint8Array(png)], 'kiln.png', { type: 'image/png' }))
    const res = await send(`${base}/milestones`, world.people.network_admin.cookie, form)
    expect(res.status).toBe(303)
    const [row] = await t.db
      .select()
      .from(districtMilestones)
      .where(
        and(eq(districtMilestones.districtId, district), eq(districtMilestones.happenedOn, '2024-06-01')),
      )
    expect(row.imageKey).toMatch(/^[0-9a-f]{32}\.webp$/)
    expect(row.demo).toBe(false)
    const page = await (await t.request(base)).text()
    expect(page).toContain('The first studio opens')
    expect(page).toContain('June 2024')
    const image = await t.request(`/uploads/districts/${row.imageKey}`)
    expect(image.headers.get('content-type')).toBe('image/webp')

    const removed = await send(`${base}/milestones/${row.id}/delete`, world.people.cluster_manager.cookie, {})
    expect(removed.status).toBe(303)
    expect(await t.db.select().from(districtMilestones).where(eq(districtMilestones.id, row.id))).toEqual([])
  })

  it('refuse a file that is not an image, and write nothing', async () => {
    const before = await milestoneCount()
    const form = new FormData()
    form.set('happened_on', '2024-07-01')
    form.set('text_en', 'A party.')
    form.set('image', new File(['<svg onload="alert(1)"></svg>'], 'party.png', { type: 'image/png' }))
    const res = await send(`${base}/milestones`, world.people.cluster_manager.cookie, form)
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('not a PNG, JPEG or WebP image')
    expect(await milestoneCount()).toBe(before)
  })

  it('need a text in at least one language and a real date', async () => {
    const before = await milestoneCount()
    const noText = await send(`${base}/milestones`, world.people.cluster_manager.cookie, {
      happened_on: '2024-07-01',
      text_en: '  ',
    })
    expect(noText.status).toBe(422)
    expect(await noText.text()).toContain('in at least one language')
    const badDate = await send(`${base}/milestones`, world.people.cluster_manager.cookie, {
      happened_on: '2024-13-45',
      text_en: 'Something',
    })
    expect(badDate.status).toBe(422)
    expect(await milestoneCount()).toBe(before)
  })
})

describe('permissions', () => {
  it('only the district’s cluster manager and the network admin change it', async () => {
    const body = { status: 'vacant', boundary: '' }
    const before = await renewalRow()
    // A visitor's form is answered with the sign-in page; the API says 401.
    const visitor = await send(`${base}/edit`, undefined, body)
    expect(visitor.headers.get('location') ?? '').not.toContain('/districts/')
    expect((await api(`/districts/${district}`, undefined, 'PATCH', { status: 'vacant' })).status).toBe(401)
    for (const cookie of [world.people.person.cookie, world.people.org_admin.cookie, leipzigManager.cookie]) {
      expect((await send(`${base}/edit`, cookie, body)).status).toBe(403)
      expect((await api(`/districts/${district}`, cookie, 'PATCH', { status: 'vacant' })).status).toBe(403)
    }
    expect(await renewalRow()).toEqual(before)
    expect(
      (await t.request(`${base}/edit`, { headers: { cookie: world.people.org_admin.cookie } })).status,
    ).toBe(403)
    expect((await send(`${base}/edit`, world.people.network_admin.cookie, body)).status).toBe(303)
  })
})

describe('indicators', () => {
  it('count the actors present at each month end by their arrival and the jobs they declare publicly', async () => {
    const now = new Date()
    const months = lastMonths(now)
    const monthAgo = (n: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 15))
    const slug = (s: string) => `district-figures-${s}-${Date.now()}`
    const planted = {
      clusterId: 'leipzig',
      districtId: 'leipzig-westwerk',
      kind: 'company' as const,
      sectors: [],
      offers: [],
      needs: [],
      languages: [],
      description: { en: 'x' },
      originalLanguage: 'en',
      sizeBand: 'micro' as const,
    }
    const before = await districtIndicators(t.ctx(), 'leipzig-westwerk', now)
    await t.db.insert(actors).values([
      { ...planted, slug: slug('a'), name: 'Figures A', employees: 4, createdAt: monthAgo(5) },
      {
        ...planted,
        slug: slug('b'),
        name: 'Figures B',
        employees: 10,
        createdAt: monthAgo(2),
        visibility: { employees: 'private' },
      },
    ] as never)
    const after = await districtIndicators(t.ctx(), 'leipzig-westwerk', now)
    expect(after.months).toEqual(months)
    expect(after.months).toHaveLength(24)
    const delta = (key: string) => {
      const b = before.series.find((s) => s.key === key)!.values
      return after.series.find((s) => s.key === key)!.values.map((v, i) => v - b[i])
    }
    // Month ends: the last 5 include A's arrival, the last 2 B's as well; B's employees are private.
    expect(delta('districts.indicator.actors')).toEqual([...Array(18).fill(0), 1, 1, 1, 2, 2, 2].slice(-24))
    expect(delta('districts.indicator.jobs')).toEqual([...Array(18).fill(0), 4, 4, 4, 4, 4, 4].slice(-24))
    // The provided indicator arrives in the same shape.
    expect(after.series.find((s) => s.key === 'districts.indicator.test')?.values).toEqual(
      months.map((_, i) => i),
    )
    await t.db.execute(sql`DELETE FROM actors WHERE slug LIKE 'district-figures-%'`)
  })
})

describe('API', () => {
  it('lists and gets districts with status, boundary, milestones and indicators', async () => {
    const list = await (await api('/districts?city=leipzig', undefined, 'GET')).json()
    expect(list.items.map((d: { id: string }) => d.id)).toContain('leipzig-lindenau')
    const one = await (await api('/districts/leipzig-plagwitz', undefined, 'GET')).json()
    expect(one.status).toBe('renewed')
    expect(one.milestones.length).toBeGreaterThanOrEqual(3)
    expect(one.milestones.some((m: { source: string | null; demo: boolean }) => m.source && !m.demo)).toBe(
      true,
    )
    expect(one.indicators.months).toHaveLength(24)
  })

  it('changes and refuses a bad boundary with a translated 422, and adds and removes milestones', async () => {
    const manager = world.people.cluster_manager.cookie
    const bad = await api(`/districts/${district}`, manager, 'PATCH', {
      boundary: '{"type":"Polygon","coordinates":[]}',
    })
    expect(bad.status).toBe(422)
    expect((await bad.json()).error.details[0].field).toBe('boundary')
    const ok = await api(`/districts/${district}`, manager, 'PATCH', { boundary: JSON.stringify(square) })
    expect((await ok.json()).boundary).toEqual(square)
    const added = await api(`/districts/${district}/milestones`, manager, 'POST', {
      happened_on: '2025-01-15',
      text: { hu: 'Új műhely nyílik.' },
    })
    expect(added.status).toBe(201)
    const milestone = await added.json()
    expect(milestone.original_language).toBe('hu')
    const notImage = await t.request(`/api/v1/districts/${district}/milestones/${milestone.id}/image`, {
      method: 'PUT',
      headers: { cookie: manager, 'content-type': 'image/png' },
      body: 'not an image',
    })
    expect(notImage.status).toBe(422)
    expect((await api(`/districts/${district}/milestones/${milestone.id}`, manager, 'DELETE')).status).toBe(
      204,
    )
  })

  it('gives districts as GeoJSON in a box, and refuses a bad box with a translated 400', async () => {
    const res = await t.request('/api/v1/geo/districts?bbox=18.0,45.9,18.5,46.2')
    expect(res.headers.get('content-type')).toContain('application/geo+json')
    const body = await res.json()
    const ids = body.features.map((f: { properties: { id: string } }) => f.properties.id)
    expect(ids).toContain(district)
    expect(ids).not.toContain('leipzig-plagwitz')
    const feature = body.features.find((f: { properties: { id: string } }) => f.properties.id === district)
    expect(feature.properties).toMatchObject({ city: 'pecs', url: `/en/districts/${district}` })
    const leipzig = await (await t.request('/api/v1/geo/districts?city=leipzig')).json()
    expect(
      leipzig.features.every((f: { properties: { city: string } }) => f.properties.city === 'leipzig'),
    ).toBe(true)
    const refused = await t.request('/api/v1/geo/districts?bbox=1,2,3', {
      headers: { 'accept-language': 'de' },
    })
    expect(refused.status).toBe(400)
    expect((await refused.json()).error.details[0].message).toContain('Vier Zahlen')
  })
})
