import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demoPassword } from '../../src/modules/accounts/demo'
import { expectNoAxeViolations, screenshot, signIn, useBrowser } from './support'

const b = useBrowser()
const viewports = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]

/** Nothing on the page is wider than the screen: wide tables scroll inside their own box. */
const pageOverflows = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)

describe('district pages in the browser', () => {
  for (const path of [
    '/en/districts/leipzig-plagwitz',
    '/pl/districts/gdansk-mlode-miasto',
    '/en/districts',
  ]) {
    it(`${path} has no axe violations and does not overflow a phone`, async () => {
      for (const viewport of viewports) {
        const page = await b.newPage(viewport)
        await page.goto(`${b.baseUrl}${path}`)
        if (path !== '/en/districts') {
          // The map draws the district's point even though no tiles load in the test.
          await expect
            .poll(() => page.locator('.district-map .leaflet-interactive').count())
            .toBeGreaterThan(0)
          await expect.poll(() => page.locator('.district-chart svg').count()).toBeGreaterThan(1)
        }
        expect(await pageOverflows(page)).toBe(false)
        await expectNoAxeViolations(page)
        await screenshot(page, `districts${path.replaceAll('/', '-')}-${viewport.width}`)
        await page.context().close()
      }
    })
  }

  it('the Leipzig cluster manager draws a boundary by clicks; the page shows the shape', async () => {
    const page = await b.newPage({ width: 390, height: 844 })
    await signIn(page, b.baseUrl, 'manager.leipzig@demo.creative-cities.example', demoPassword, 'de')
    await page.goto(`${b.baseUrl}/de/districts/leipzig-spinnerei`)
    await page.locator('a', { hasText: 'Stadtteil verwalten' }).click()
    const map = page.locator('.district-draw .district-map')
    await expect.poll(() => map.isVisible()).toBe(true)
    await map.scrollIntoViewIfNeeded()
    const box = (await map.boundingBox())!
    for (const [x, y] of [
      [0.3, 0.3],
      [0.7, 0.3],
      [0.6, 0.7],
    ])
      await page.mouse.click(box.x + box.width * x, box.y + box.height * y)
    expect(JSON.parse(await page.locator('#field-boundary').inputValue()).type).toBe('Polygon')
    expect(await pageOverflows(page)).toBe(false)
    await expectNoAxeViolations(page)
    await screenshot(page, 'districts-draw-de-390')
    await page.locator('form.form button[type=submit]').first().click()
    await expect.poll(() => page.locator('.notice').textContent()).toContain('gespeichert')
    await page.goto(`${b.baseUrl}/de/districts/leipzig-spinnerei`)
    await expect.poll(() => page.locator('.district-map path.leaflet-interactive').count()).toBeGreaterThan(0)
    await screenshot(page, 'districts-drawn-de-390')
    await page.context().close()
  })
})
