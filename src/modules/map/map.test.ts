import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { locales } from '../../core/i18n'

const t = useTestApp()

async function page(path: string) {
  const res = await t.request(path)
  return { status: res.status, html: await res.text() }
}

/** The names the side list shows under one layer's heading (the page without JavaScript). */
function listed(html: string, layer: string): string[] {
  const section = html.match(new RegExp(`data-layer="${layer}">([\\s\\S]*?)</section>`))?.[1] ?? ''
  return [...section.matchAll(/<li><a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1])
}

describe('/{lang}/map', () => {
  it('loads its layers from the three GeoJSON endpoints and lists districts and actors without JavaScript', async () => {
    const { status, html } = await page('/en/map')
    expect(status).toBe(200)
    expect(html).toContain('data-districts="/api/v1/geo/districts"')
    expect(html).toContain('data-spaces="/api/v1/geo/spaces"')
    expect(html).toContain('data-actors="/api/v1/geo/actors"')
    expect(html).toContain('src="/assets/map-page.js"')
    expect(html).toContain('src="/assets/map.js"')
    // The layer switches appear only where the script runs the map.
    expect(html).toMatch(/<fieldset id="map-layers" class="map-layers" hidden/)
    expect(listed(html, 'districts').length).toBeGreaterThan(5)
    expect(listed(html, 'actors')).toHaveLength(20)
    // Every city and district option carries the box the map shows when it is chosen.
    const boxes = [...html.matchAll(/<option value="[^"]*"[^>]*data-bbox="([^"]+)"/g)].map((m) => m[1])
    expect(boxes.length).toBeGreaterThan(10)
    for (const box of boxes) {
      const [w, s, e, n] = box.split(',').map(Number)
      expect(w < e && s < n, box).toBe(true)
    }
  })

  it('narrows the list by city, district and sector', async () => {
    const { html: all } = await page('/en/map?city=leipzig&sector=design')
    const actors = listed(all, 'actors')
    expect(actors.length).toBeGreaterThan(0)
    const directory = (await (
      await t.request('/api/v1/actors?city=leipzig&sector=design&sort=name&per_page=20')
    ).json()) as { items: { name: string }[]; total: number }
    expect(actors).toEqual(directory.items.map((a) => a.name))
    expect(all).toContain(`(${directory.total})`)
    const districts = listed(all, 'districts')
    expect(districts.length).toBeGreaterThan(1)
    expect(all).not.toContain('/en/districts/genoa-')

    const { html: one } = await page('/de/map?city=leipzig&district=leipzig-plagwitz')
    expect(listed(one, 'districts')).toEqual(['Plagwitz'])
    // The map opens on the chosen district.
    const [w, s, e, n] = one
      .match(/data-bbox="([^"]+)" data-districts/)![1]
      .split(',')
      .map(Number)
    expect(e - w).toBeLessThan(0.1)
    expect(n - s).toBeLessThan(0.1)
  })

  it('lists the spaces of the chosen city, type and size, as the spaces endpoint finds them', async () => {
    const { html } = await page('/en/map?city=leipzig&min_area=50')
    const spaces = listed(html, 'spaces')
    const api = (await (
      await t.request('/api/v1/geo/spaces?city=leipzig&min_area=50&status=available,under_application,let')
    ).json()) as { features: { properties: { title: string; floor_area: number } }[] }
    expect(spaces.length).toBeGreaterThan(0)
    expect(spaces.sort()).toEqual(api.features.map((f) => f.properties.title).sort())
    expect(html).toContain(
      `data-layer="spaces"><h3>Spaces <span class="map-list__count">(${api.features.length})`,
    )
    const { html: shops } = await page('/en/map?city=leipzig&type=shop_front')
    const shopFronts = listed(shops, 'spaces')
    expect(shopFronts.length).toBeGreaterThan(0)
    expect(shopFronts.length).toBeLessThan(listed((await page('/en/map?city=leipzig')).html, 'spaces').length)
    expect(shops).toMatch(/Shop front, \d+ m²/)
  })

  it('keeps the chosen filters in the form, so a reload or a link shows the same', async () => {
    const { html } = await page('/en/map?city=genoa&type=shop_front&min_area=40&max_area=&sector=design')
    expect(html).toMatch(/<option value="genoa" selected=""/)
    expect(html).toMatch(/<option value="shop_front" selected=""/)
    expect(html).toMatch(/name="min_area"[^>]*value="40"/)
    expect(html).toMatch(/<option value="design" selected=""/)
  })

  it('refuses values that are not in the form with a translated 400', async () => {
    for (const [query, detail] of [
      ['city=atlantis', 'city: </strong>Valore sconosciuto: atlantis'],
      ['district=leipzig-nowhere', 'district: </strong>Valore sconosciuto: leipzig-nowhere'],
      ['sector=alchemy', 'sector: </strong>Valore sconosciuto: alchemy'],
      ['type=castle', 'type: </strong>Valori ammessi'],
      ['min_area=big', 'min_area: </strong>'],
      ['min_area=-5', 'min_area: </strong>'],
      ['min_area=200&max_area=100', 'max_area: </strong>Troppo corto o troppo piccolo: almeno 200'],
      ['zoom=3', 'zoom'],
    ]) {
      const { status, html } = await page(`/it/map?${query}`)
      expect(status, query).toBe(400)
      expect(html, query).toContain('Una parte della richiesta non è valida')
      expect(html, query).toContain(detail)
    }
  })

  it('is in the header of every page, in every language', async () => {
    for (const lang of locales) {
      const { html } = await page(`/${lang}/`)
      expect(html, lang).toMatch(new RegExp(`<a href="/${lang}/map">[^<]+</a>`))
    }
  })
})
