import { describe, expect, it } from 'vitest'
import { locales } from '../src/core/i18n'
import { useTestApp } from './support/app'
import { testConfig } from './support/database'

const t = useTestApp()

async function page(path: string, init?: RequestInit) {
  const res = await t.request(path, init)
  return { status: res.status, html: await res.text(), headers: res.headers }
}

async function anyActorSlug() {
  const res = await t.request('/api/v1/actors?per_page=1&sort=name&kind=enterprise')
  return ((await res.json()) as any).items[0].slug as string
}

describe('pages in every language', () => {
  it.each(locales)('/%s/ pages answer in that language with hreflang alternates', async (locale) => {
    const slug = await anyActorSlug()
    for (const path of [
      `/${locale}/`,
      `/${locale}/actors`,
      `/${locale}/actors/${slug}`,
      `/${locale}/clusters/leipzig`,
    ]) {
      const { status, html } = await page(path)
      expect(status, path).toBe(200)
      expect(html.startsWith('<!DOCTYPE html>'), path).toBe(true)
      expect(html, path).toContain(`<html lang="${locale}">`)
      for (const other of locales) expect(html, path).toContain(`hreflang="${other}"`)
    }
  })

  it('sends / to the language of the browser', async () => {
    const res = await t.request('/', { headers: { 'accept-language': 'pl-PL,pl;q=0.9' } })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/pl/')
  })

  it('answers an unknown language prefix with a 404 page in the negotiated language', async () => {
    for (const path of ['/xx/actors', '/EN/actors', '/xyz/', '/xx/clusters/leipzig']) {
      const { status, html } = await page(path, { headers: { 'accept-language': 'it' } })
      expect(status, path).toBe(404)
      expect(html, path).toContain('<html lang="it">')
    }
  })

  it('leads from every page to the directory, the opportunities, the whole network and each city', async () => {
    const { html } = await page('/hu/actors')
    const nav = html.match(/<nav class="main-nav"[\s\S]*?<\/nav>/)![0]
    for (const path of ['/hu/actors', '/hu/opportunities', '/hu/network', '/hu/clusters/pecs'])
      expect(nav, path).toContain(`href="${path}"`)
    expect(nav).toContain('A teljes hálózat')
  })

  it('sends a bare language prefix to its home page', async () => {
    const res = await t.request('/sl')
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe('/sl/')
  })

  it('shows bad directory input as a 400 page in the reader’s language, not a 500', async () => {
    const de = await page('/de/actors?page=-3')
    const en = await page('/en/actors?page=-3')
    expect(de.status).toBe(400)
    expect(de.html).toContain('<html lang="de">')
    expect(de.html).not.toBe(en.html)
    const long = await page(`/hu/actors?q=${'x'.repeat(2048)}`)
    expect(long.status).toBe(400)
  })

  it('escapes what people type', async () => {
    const { status, html } = await page(`/en/actors?q=${encodeURIComponent('<script>alert(1)</script>')}`)
    expect(status).toBe(200)
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('sends security headers and no inline script', async () => {
    const { headers, html } = await page('/en/')
    expect(headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(headers.get('referrer-policy')).toBeTruthy()
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].filter(
      (m) => !m[1].includes('application/ld+json'),
    )
    expect(inline).toEqual([])
  })
})

describe('directory page', () => {
  it('keeps the search in the URL and shows the filters as removable chips', async () => {
    const { html } = await page('/en/actors?city=genoa&sector=design')
    expect(html).toMatch(/name="city" value="genoa" checked/)
    expect(html).toContain('class="chip chip--removable"')
    expect(html).toContain('href="/en/actors?sector=design"')
  })

  it('answers htmx with only the facets and results', async () => {
    const { status, html } = await page('/en/actors?city=pecs', { headers: { 'hx-request': 'true' } })
    expect(status).toBe(200)
    expect(html.startsWith('<div id="directory-body"')).toBe(true)
    expect(html).not.toContain('<html')
  })

  it('answers an htmx history restore with the whole page', async () => {
    const { html } = await page('/en/actors?city=pecs', {
      headers: { 'hx-request': 'true', 'hx-history-restore-request': 'true' },
    })
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
  })

  it('has a map view that loads the same result set as GeoJSON', async () => {
    const { html } = await page('/en/actors?view=map&city=gdansk')
    expect(html).toContain('data-geojson="/api/v1/geo/actors?city=gdansk"')
    expect(html).toContain('/assets/leaflet.js')
    expect(html).toContain(`data-tiles="${testConfig.MAP_TILE_URL}"`)
  })
})

describe('profile page', () => {
  it('carries schema.org JSON-LD and OpenGraph tags', async () => {
    const slug = await anyActorSlug()
    const { html } = await page(`/de/actors/${slug}`)
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)
    expect(ld).not.toBeNull()
    const data = JSON.parse(ld![1])
    expect(data['@type']).toBe('Organization')
    expect(data.url).toContain(`/de/actors/${slug}`)
    expect(html).toContain('property="og:title"')
    expect(html).toContain('property="og:type" content="profile"')
  })

  it('marks text shown in its original language', async () => {
    const res = await t.request('/api/v1/actors?city=ljubljana&per_page=100')
    const items = ((await res.json()) as any).items
    const slovenianOnly = items.find((i: any) => !i.description.en && i.description.sl)
    const { html } = await page(`/en/actors/${slovenianOnly.slug}`)
    expect(html).toContain('class="original-mark"')
    expect(html).toContain('lang="sl"')
  })

  it('is a 404 page for an unknown actor', async () => {
    expect((await page('/en/actors/nobody-here')).status).toBe(404)
    expect((await page('/en/actors/%3Cscript%3E')).status).toBe(404)
  })
})

describe('cluster page', () => {
  it('shows the contact point, districts, a sector chart with its table, and sources', async () => {
    const { status, html } = await page('/en/clusters/leipzig')
    expect(status).toBe(200)
    expect(html).toContain('Stadt Leipzig')
    expect(html).toContain('Plagwitz')
    expect(html).toContain('<svg')
    expect(html).toContain('class="data-table"')
    expect(html).toMatch(/href="https?:\/\/[^"]+">source<\/a>/)
  })

  it('is a 404 for a city outside the network', async () => {
    expect((await page('/en/clusters/atlantis')).status).toBe(404)
  })
})
