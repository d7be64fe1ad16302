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

/** The slug of the Lindenau shop front, from the list filtered by its district. */
async function lindenauShop(page: Page) {
  await page.goto(`${b.baseUrl}/de/spaces?district=leipzig-lindenau&type=shop_front`)
  const href = await page
    .getByRole('link', { name: 'Leerstehendes Ladenlokal in der Georg-Schwarz-Straße' })
    .getAttribute('href')
  return href!
}

describe('spaces in the browser', () => {
  it('the list, a space and the owner’s applications have no axe violations and do not overflow a phone', async () => {
    for (const viewport of viewports) {
      const page = await b.newPage(viewport)
      const detail = await lindenauShop(page)
      expect(await pageOverflows(page)).toBe(false)
      await expectNoAxeViolations(page)
      await page.goto(`${b.baseUrl}${detail}`)
      await expect.poll(() => page.locator('.leaflet-container').count()).toBe(1)
      expect(await pageOverflows(page)).toBe(false)
      await expectNoAxeViolations(page)
      await screenshot(page, `spaces-detail-${viewport.width}`)
      await page.context().close()
    }
    const owner = await b.newPage(viewports[1])
    await signIn(owner, b.baseUrl, 'owner.leipzig@demo.creative-cities.example', demoPassword, 'de')
    await owner.goto(`${b.baseUrl}/de/spaces/mine`)
    const applications = owner.locator('a[href$="/applications"]').first()
    await owner.goto(`${b.baseUrl}${await applications.getAttribute('href')}`)
    expect(await pageOverflows(owner)).toBe(false)
    await expectNoAxeViolations(owner)
    await screenshot(owner, 'spaces-applications-390')
    await owner.context().close()
  })

  it('an owner offering a space picks its place on the map: the chosen district centres it, a click fills latitude and longitude, typing moves the marker', async () => {
    const page = await b.newPage(viewports[1])
    await signIn(page, b.baseUrl, 'owner.leipzig@demo.creative-cities.example', demoPassword, 'de')
    await page.goto(`${b.baseUrl}/de/spaces/new`)
    const map = page.getByRole('region', { name: /Klick .* setzt die Felder Breitengrad und Längengrad/ })
    await expect.poll(() => map.isVisible()).toBe(true)
    // The Spinnerei has a point in the reference data: the map opens there.
    await page.selectOption('#field-district', 'leipzig-spinnerei')
    await map.scrollIntoViewIfNeeded()
    const box = (await map.boundingBox())!
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    await page.mouse.click(centre.x, centre.y)
    const lat = await page.inputValue('#field-lat')
    const lon = await page.inputValue('#field-lon')
    expect(lat).toMatch(/^\d+\.\d{1,6}$/)
    expect(lon).toMatch(/^\d+\.\d{1,6}$/)
    expect(Number(lat)).toBeCloseTo(51.32778, 3)
    expect(Number(lon)).toBeCloseTo(12.31972, 3)
    const marker = page.locator('.point-picker .leaflet-marker-icon')
    await expect.poll(() => marker.count()).toBe(1)

    // A typed place brings the marker into the middle of the map; its tip is the point.
    await page.fill('#field-lat', '51.3397')
    await page.fill('#field-lon', '12.3731')
    await map.scrollIntoViewIfNeeded()
    const moved = (await map.boundingBox())!
    const tip = (await marker.boundingBox())!
    expect(Math.abs(tip.x + tip.width / 2 - (moved.x + moved.width / 2))).toBeLessThan(2)
    expect(Math.abs(tip.y + tip.height - (moved.y + moved.height / 2))).toBeLessThan(2)

    expect(await pageOverflows(page)).toBe(false)
    await expectNoAxeViolations(page)
    await screenshot(page, 'spaces-new-map-390')
    await page.context().close()
  })
})
