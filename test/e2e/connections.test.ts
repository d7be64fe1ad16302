import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demoPassword } from '../../src/modules/accounts/demo'
import { expectNoAxeViolations, screenshot, useBrowser } from './support'

const b = useBrowser()
const viewports = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]

/** Nothing on the page is wider than the screen: wide tables scroll inside their own box. */
const pageOverflows = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)

describe('connections in the browser', () => {
  for (const path of ['/en/network', '/hu/network', '/de/clusters/leipzig']) {
    it(`${path} has no axe violations and does not overflow a phone`, async () => {
      for (const viewport of viewports) {
        const page = await b.newPage(viewport)
        await page.goto(`${b.baseUrl}${path}`)
        await expect.poll(() => page.locator('table').count()).toBeGreaterThan(0)
        expect(await pageOverflows(page)).toBe(false)
        await expectNoAxeViolations(page)
        await screenshot(page, `connections${path.replaceAll('/', '-')}-${viewport.width}`)
        // The Cities menu, opened, stays on the screen too.
        await page.locator('.main-nav .menu > summary').click()
        const menu = await page.locator('.main-nav .menu ul').boundingBox()
        expect(menu!.x).toBeGreaterThanOrEqual(0)
        expect(menu!.x + menu!.width).toBeLessThanOrEqual(viewport.width)
        expect(await pageOverflows(page)).toBe(false)
        await page.context().close()
      }
    })
  }

  it('the Ljubljana demo admin confirms a waiting proposal; it then shows on their profile', async () => {
    const page = await b.newPage({ width: 390, height: 844 })
    await page.goto(`${b.baseUrl}/sl/login`)
    await page.fill('#field-email', 'orgadmin.ljubljana@demo.creative-cities.example')
    await page.fill('#field-password', demoPassword)
    await page.click('main form.form button[type=submit]')
    await expect.poll(() => page.url()).toMatch(/\/sl\/me$/)

    await page.locator('main a[href*="/actors/"]').first().click()
    await page.locator('a[href$="/connections"]').first().click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Povezave')
    // Measured once the stylesheets are in: before, an unstyled table is wider than the screen.
    await page.waitForLoadState('load')
    expect(await pageOverflows(page)).toBe(false)
    await expectNoAxeViolations(page)
    await screenshot(page, 'connections-manage-sl-390')

    const row = page.locator('#incoming ~ .table-scroll tbody tr').first()
    const other = await row.locator('th a').first().textContent()
    await row.locator('button', { hasText: 'Potrdi' }).click()
    await expect.poll(() => page.locator('.notice').textContent()).toContain('Potrjeno')
    await page.locator('.eyebrow a').click()
    await expect.poll(() => page.locator('.profile-connections').textContent()).toContain(other ?? '')
    await expectNoAxeViolations(page)
    await page.context().close()
  })
})
