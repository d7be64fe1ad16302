import { sql } from 'drizzle-orm'
import type { Page, Response } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { expectNoAxeViolations, screenshot, useBrowser } from './support'

const b = useBrowser()

/** The side list once the script has filled it from the GeoJSON endpoints for the map's view. */
async function waitForViewList(page: Page) {
  await expect
    .poll(() => page.locator('#map-list-title').textContent(), { timeout: 10_000 })
    .toBe('In this view of the map')
}

const listed = (page: Page, layer: string) =>
  page.locator(`.map-list__section[data-layer="${layer}"] li a`).allTextContents()

const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

describe('map of renewal (no map tiles reachable)', () => {
  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`shows the layers and the list of what is in view, without overflow, accessibly (${viewport.width} px)`, async () => {
      const page = await b.newPage(viewport)
      const refused: string[] = []
      page.on('console', (m) => {
        if (m.type() === 'error' && m.text().includes('Content Security Policy')) refused.push(m.text())
      })
      await page.goto(`${b.baseUrl}/en/map?city=leipzig`)
      await waitForViewList(page)
      // Nothing on the page (htmx included) tries what the content security policy forbids.
      expect(refused).toEqual([])
      // Districts of Leipzig are drawn and named; nothing of another city is in this view.
      await expect.poll(() => page.locator('#renewal-map .district-area').count()).toBeGreaterThan(2)
      const districts = await listed(page, 'districts')
      expect(districts).toContain('Plagwitz')
      const hrefs = await page
        .locator('.map-list__section[data-layer="districts"] li a')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href')))
      for (const href of hrefs) expect(href).toMatch(/\/districts\/leipzig-/)
      // Actors are there, grouped or as points, and counted.
      await expect.poll(() => page.locator('#renewal-map .leaflet-marker-icon').count()).toBeGreaterThan(0)
      expect(
        await page.locator('.map-list__section[data-layer="actors"] .map-list__count').textContent(),
      ).toMatch(/\(\d+\)/)
      expect(await overflow(page)).toBeLessThanOrEqual(0)
      if (viewport.width < 900) {
        // Stacked: the list comes below the map, not beside it.
        const map = await page.locator('#renewal-map').boundingBox()
        const list = await page.locator('.map-list').boundingBox()
        expect(list!.y).toBeGreaterThanOrEqual(map!.y + map!.height)
      }
      await expectNoAxeViolations(page)
      await screenshot(page, `map-${viewport.width}`)
      await page.context().close()
    })
  }

  it('toggles a layer and its part of the list from the keyboard', async () => {
    const page = await b.newPage()
    await page.goto(`${b.baseUrl}/en/map?city=leipzig`)
    await waitForViewList(page)
    const districtsBox = page.getByRole('checkbox', { name: 'Districts' })
    await expect.poll(() => page.locator('#renewal-map .district-area').count()).toBeGreaterThan(0)
    await districtsBox.focus()
    await page.keyboard.press('Space')
    expect(await districtsBox.isChecked()).toBe(false)
    await expect.poll(() => page.locator('#renewal-map .district-area').count()).toBe(0)
    expect(await page.locator('.map-list__section[data-layer="districts"]').isHidden()).toBe(true)
    // Moving the map keeps the layer off.
    await page.locator('.leaflet-control-zoom-in').click()
    await waitForViewList(page)
    await expect.poll(() => page.locator('#renewal-map .district-area').count()).toBe(0)
    await page.keyboard.press('Tab')
    await districtsBox.focus()
    await page.keyboard.press('Space')
    await expect.poll(() => page.locator('#renewal-map .district-area').count()).toBeGreaterThan(0)
    expect(await page.locator('.map-list__section[data-layer="districts"]').isVisible()).toBe(true)
    await page.context().close()
  })

  it('a chosen district brings the map to it; the list names the spaces and districts in that view', async () => {
    const page = await b.newPage()
    const spaceAnswers: Response[] = []
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/geo/spaces?') && r.ok()) spaceAnswers.push(r)
    })
    await page.goto(`${b.baseUrl}/en/map?city=leipzig`)
    await waitForViewList(page)
    await page.selectOption('#field-district', 'leipzig-lindenau')
    await expect.poll(() => page.url()).toContain('district=leipzig-lindenau')
    // The districts endpoint knows cities; the list keeps the chosen district alone.
    await expect.poll(() => listed(page, 'districts'), { timeout: 10_000 }).toEqual(['Lindenau'])
    await waitForViewList(page)
    // What the list names is what the spaces endpoint answered for the map's view, by name.
    const answer = spaceAnswers.at(-1)!
    const asked = new URL(answer.url()).searchParams
    expect(asked.get('bbox')).toMatch(/^[\d.-]+,[\d.-]+,[\d.-]+,[\d.-]+$/)
    expect(asked.get('district')).toBe('leipzig-lindenau')
    const body = (await answer.json()) as { features: { properties: { title: string } }[]; total?: number }
    const titles = body.features.map((f) => f.properties.title).sort((x, y) => x.localeCompare(y, 'en'))
    expect(titles.length).toBeGreaterThan(0)
    expect(await listed(page, 'spaces')).toEqual(titles.slice(0, 20))
    expect(await page.locator('.map-list__section[data-layer="spaces"] .map-list__count').textContent()).toBe(
      `(${body.total ?? titles.length})`,
    )
    await screenshot(page, 'map-district')
    await page.context().close()
  })

  it('works without JavaScript: the form filters the list', async () => {
    const context = await (await b.newPage()).context().browser()!.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${b.baseUrl}/de/map`)
    expect(await page.locator('#map-list-title').textContent()).toBe('Passend zu Ihren Filtern')
    await page.selectOption('#field-city', 'genoa')
    await page.locator('#map-filters button[type=submit]').click()
    expect(page.url()).toContain('city=genoa')
    const hrefs = await page
      .locator('.map-list__section[data-layer="districts"] li a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')))
    expect(hrefs.length).toBeGreaterThan(0)
    for (const href of hrefs) expect(href).toMatch(/^\/de\/districts\/genoa-/)
    // The layer switches belong to the running map and stay out of the way.
    expect(await page.locator('#map-layers').isHidden()).toBe(true)
    await context.close()
  })

  it('draws a city full of spaces as counted groups that open by zooming in, and the list says they are grouped', async () => {
    // 900 spaces on offer spread over Genoa: more than the map names one by one.
    await b.db.execute(sql`
      INSERT INTO spaces (slug, owner_actor_id, cluster_id, title, description, original_language, address,
                          lat, lon, type, floor_area, condition, terms, rent_per_month, available_from, status)
      SELECT 'genoa-dense-space-' || i, o.id, 'genoa', jsonb_build_object('en', 'Dense space ' || i),
             '{"en":"A planted space for the map test."}', 'en', 'Via di prova ' || i,
             c.lat - 0.03 + (i % 30) * 0.002, c.lon - 0.045 + (i / 30) * 0.003, 'studio', 60, 'ready',
             'long_lease', 300, current_date, 'available'
      FROM generate_series(0, 899) AS i, clusters c,
           (SELECT id FROM actors WHERE cluster_id = 'genoa' ORDER BY id LIMIT 1) AS o
      WHERE c.id = 'genoa'`)
    const page = await b.newPage()
    const spaceAnswers: Response[] = []
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/geo/spaces?') && r.ok()) spaceAnswers.push(r)
    })
    await page.goto(`${b.baseUrl}/en/map?city=genoa`)
    await waitForViewList(page)
    const groups = page.locator('#renewal-map .space-group')
    await expect.poll(() => groups.count()).toBeGreaterThan(5)
    expect(await groups.first().getAttribute('title')).toMatch(/^Spaces in this group: \d+$/)
    const body = (await spaceAnswers.at(-1)!.json()) as { clustered: boolean; total: number }
    expect(body.clustered).toBe(true)
    const section = page.locator('.map-list__section[data-layer="spaces"]')
    expect(await section.locator('.map-list__count').textContent()).toBe(
      `(${body.total.toLocaleString('en')})`,
    )
    expect(await section.locator('li').count()).toBe(0)
    expect(await section.textContent()).toContain('Too many to name here: zoom in to list them.')
    await screenshot(page, 'map-space-groups')

    // A group opens by zooming into it; close enough, the spaces are named again.
    const answered = spaceAnswers.length
    for (let i = 0; i < 4 && (await groups.count()) > 0; i++) {
      await groups.first().click()
      await expect.poll(() => spaceAnswers.length, { timeout: 10_000 }).toBeGreaterThan(answered + i)
      await waitForViewList(page)
    }
    await expect.poll(() => section.locator('li').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    await expect.poll(() => page.locator('#renewal-map .space-pin').count()).toBeGreaterThan(0)
    await page.context().close()
  })
})
