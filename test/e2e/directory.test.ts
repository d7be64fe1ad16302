import { describe, expect, it } from 'vitest'
import { expectNoAxeViolations, screenshot, useBrowser } from './support'

const b = useBrowser()

describe('directory journey', () => {
  for (const [label, viewport] of [
    ['desktop', { width: 1440, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`searches, narrows by two facets, opens a profile and switches language (${label})`, async () => {
      const page = await b.newPage(viewport)
      await page.goto(`${b.baseUrl}/en/actors`)
      const count = () => page.locator('#result-count').textContent()
      const initial = await count()
      expect(initial).toMatch(/\d+ actors/)

      if (label === 'phone') await page.locator('summary.facets__toggle').click()
      await page.locator('input[name="city"][value="leipzig"]').check()
      await expect.poll(() => page.url()).toContain('city=leipzig')
      await expect.poll(count).not.toBe(initial)
      const afterCity = await count()

      if (label === 'phone') await page.locator('summary.facets__toggle').click()
      await page.locator('input[name="sector"][value="design"]').check()
      await expect.poll(() => page.url()).toContain('sector=design')
      await expect.poll(count).not.toBe(afterCity)
      await expect.poll(() => page.locator('.active-filters .chip--removable').count()).toBe(2)
      await screenshot(page, `directory-filtered-${label}`)

      const first = page.locator('.actor-card .card__title a').first()
      const name = await first.textContent()
      await first.click()
      await expect.poll(() => page.locator('h1').textContent()).toBe(name)
      await screenshot(page, `profile-en-${label}`)

      await page.locator('details.lang-switch summary').click()
      await page.locator('details.lang-switch a[hreflang="de"]').click()
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('de')
      expect(page.url()).toMatch(/\/de\/actors\//)
      await expect.poll(() => page.locator('h1').textContent()).toBe(name)
      await screenshot(page, `profile-de-${label}`)
      await page.context().close()
    })
  }

  it('works without JavaScript: the filter form submits and the URL holds the state', async () => {
    const page = await b.newPage()
    await page.context().close()
    const context = await page.context().browser()!.newContext({ javaScriptEnabled: false })
    const noJs = await context.newPage()
    await noJs.goto(`${b.baseUrl}/hu/actors?q=design`)
    await noJs.locator('input[name="city"][value="pecs"]').check()
    await noJs.locator('button.facets__apply').click()
    expect(noJs.url()).toContain('city=pecs')
    expect(noJs.url()).toContain('q=design')
    await context.close()
  })
})

describe('accessibility and looks of each page type', () => {
  const pages = [
    ['home', '/en/'],
    ['directory', '/de/actors?sector=design'],
    ['directory-map', '/en/actors?view=map&city=ljubljana'],
    ['cluster', '/hu/clusters/pecs'],
    ['not-found', '/pl/actors/nobody-here'],
  ] as const
  for (const [name, path] of pages) {
    it(`${name} has no axe violations (desktop and phone)`, async () => {
      for (const viewport of [
        { width: 1440, height: 900 },
        { width: 390, height: 844 },
      ]) {
        const page = await b.newPage(viewport)
        await page.goto(`${b.baseUrl}${path}`)
        await expectNoAxeViolations(page)
        await screenshot(page, `${name}-${viewport.width}`)
        await page.context().close()
      }
    })
  }

  it('a profile has no axe violations', async () => {
    const page = await b.newPage()
    await page.goto(`${b.baseUrl}/sl/actors?kind=freelancer`)
    await page.locator('.actor-card .card__title a').first().click()
    await page.waitForSelector('.profile')
    await expectNoAxeViolations(page)
    await page.context().close()
  })
})
