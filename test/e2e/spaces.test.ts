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
})
