import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'

const t = useTestApp()

describe('clusters API', () => {
  it('lists the five founding cities with their figures', async () => {
    const res = await t.request('/api/v1/clusters')
    const body = (await res.json()) as any
    expect(res.status).toBe(200)
    expect(body.items.map((c: any) => c.id)).toEqual(['leipzig', 'genoa', 'gdansk', 'ljubljana', 'pecs'])
    const total = body.items.reduce((s: number, c: any) => s + c.figures.actors, 0)
    const directory = (await (await t.request('/api/v1/actors?per_page=1')).json()) as any
    expect(total).toBe(directory.total)
    for (const c of body.items) expect(c.name.hu).toBeTruthy()
  })

  it('describes one cluster with its contact point, districts and sector mix', async () => {
    const body = (await (await t.request('/api/v1/clusters/genoa')).json()) as any
    expect(body.contact.name).toContain('Comune di Genova')
    expect(body.districts.map((d: any) => d.id)).toContain('genoa-maddalena')
    const mixTotal = body.sector_mix.reduce((s: number, m: any) => s + m.actors, 0)
    expect(mixTotal).toBeGreaterThanOrEqual(body.figures.actors - 5)
    expect(body.published_figures.every((f: any) => f.source.startsWith('http'))).toBe(true)
  })

  it('is 404 with the error shape for an unknown city', async () => {
    const res = await t.request('/api/v1/clusters/atlantis')
    expect(res.status).toBe(404)
    expect(((await res.json()) as any).error.code).toBe('not_found')
  })
})

describe('taxonomy API', () => {
  it('has the nine sectors with NACE classes and names in six languages', async () => {
    const body = (await (await t.request('/api/v1/sectors')).json()) as any
    expect(body.items).toHaveLength(9)
    for (const s of body.items) {
      expect(s.nace.length).toBeGreaterThan(0)
      expect(Object.keys(s.name).sort()).toEqual(['de', 'en', 'hu', 'it', 'pl', 'sl'])
    }
  })

  it('has a capability taxonomy labelled in six languages', async () => {
    const body = (await (await t.request('/api/v1/capabilities')).json()) as any
    expect(body.items.length).toBeGreaterThanOrEqual(60)
    expect(body.items.length).toBeLessThanOrEqual(120)
    for (const c of body.items)
      expect(Object.keys(c.label).sort()).toEqual(['de', 'en', 'hu', 'it', 'pl', 'sl'])
  })
})

describe('health', () => {
  it('reports liveness and readiness', async () => {
    expect((await t.request('/healthz')).status).toBe(200)
    const ready = await t.request('/readyz')
    expect(ready.status).toBe(200)
    expect(((await ready.json()) as any).status).toBe('ready')
  })

  it('publishes an OpenAPI 3.1 document with the directory routes', async () => {
    const doc = (await (await t.request('/api/v1/openapi.json')).json()) as any
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/actors',
        '/api/v1/actors/{slug}',
        '/api/v1/clusters',
        '/api/v1/clusters/{city}',
        '/api/v1/sectors',
        '/api/v1/capabilities',
      ]),
    )
  })
})
