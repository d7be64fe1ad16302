import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demoPassword } from '../../src/modules/accounts/demo'
import { expectNoAxeViolations, screenshot, signIn, useBrowser } from './support'

const b = useBrowser()
const demo = (local: string) => `${local}@demo.creative-cities.example`
const title = 'Ladenlokal in der Merseburger Straße 102'

/** The district page's figure for one indicator in the latest month, read from its table. */
async function latestFigure(page: Page, label: string): Promise<number> {
  await page.goto(`${b.baseUrl}/en/districts/leipzig-lindenau`)
  return page.evaluate((label) => {
    const table = document.querySelector('.district-indicators table')!
    const column = [...table.querySelectorAll('thead th')].findIndex((th) => th.textContent?.trim() === label)
    const rows = table.querySelectorAll('tbody tr')
    const cells = rows[rows.length - 1].querySelectorAll('th, td')
    return Number(cells[column].textContent!.replace(/\D/g, ''))
  }, label)
}

describe('renewal of a district', () => {
  it('the City of Leipzig offers a shop front in Lindenau; two studios find it on the map and apply; the owner chooses the first, the second is told in Hungarian; the district figures change', async () => {
    const visitor = await b.newPage()
    const letBefore = await latestFigure(visitor, 'Spaces let')

    // The City of Leipzig offers a vacant shop front, in German.
    const owner = await b.newPage()
    await signIn(owner, b.baseUrl, demo('owner.leipzig'), demoPassword, 'de')
    await owner.goto(`${b.baseUrl}/de/spaces/new`)
    await expectNoAxeViolations(owner)
    await owner.selectOption('[name="original_language"]', 'de')
    await owner.fill('[name="title.de"]', title)
    await owner.fill(
      '[name="description.de"]',
      'Ehemaliger Friseursalon mit großem Schaufenster, seit drei Jahren leer. Für Zwischennutzung durch ein Kreativbüro.',
    )
    await owner.fill('[name="address"]', 'Merseburger Straße 102, 04177 Leipzig')
    await owner.fill('[name="lat"]', '51.3386')
    await owner.fill('[name="lon"]', '12.3302')
    await owner.selectOption('[name="district"]', 'leipzig-lindenau')
    await owner.selectOption('[name="type"]', 'shop_front')
    await owner.fill('[name="floor_area"]', '48')
    await owner.selectOption('[name="condition"]', 'needs_repair')
    await owner.check('input[name="facilities"][value="electricity"]')
    await owner.selectOption('[name="terms"]', 'free_for_costs')
    await owner.fill('[name="available_from"]', '2026-12-01')
    await owner.click('main form.form button[type=submit]')
    await expect.poll(() => owner.url()).toMatch(/\/de\/spaces\/[a-z0-9-]+(\?.*)?$/)
    const slug = owner.url().match(/spaces\/([a-z0-9-]+)/)![1]
    expect(await owner.locator('h1').textContent()).toContain(title)

    // Two studios find it on the map, filtered by district and size, and apply.
    const applicants = [
      { email: demo('orgadmin.leipzig'), lang: 'de' },
      { email: demo('orgadmin.pecs'), lang: 'hu' },
    ]
    const pages: Page[] = []
    for (const { email, lang } of applicants) {
      const studio = await b.newPage()
      pages.push(studio)
      await signIn(studio, b.baseUrl, email, demoPassword, lang)
      await studio.goto(`${b.baseUrl}/${lang}/map`)
      await studio.selectOption('#field-city', 'leipzig')
      await studio.selectOption('#field-district', 'leipzig-lindenau')
      await studio.fill('[name="min_area"]', '40')
      await studio.fill('[name="max_area"]', '60')
      await studio.click('#map-filters button[type=submit]')
      const found = studio.locator(
        `.map-list__section[data-layer="spaces"] a[href="/${lang}/spaces/${slug}"]`,
      )
      await expect.poll(() => found.count()).toBeGreaterThan(0)
      // The demo shop front of 85 m² in the same district is outside the size asked for.
      expect(await studio.locator('.map-list__section[data-layer="spaces"]').textContent()).not.toContain(
        '85 m²',
      )
      await expectNoAxeViolations(studio)
      await screenshot(studio, `renewal-map-${lang}`)
      await found.first().click()
      await expect.poll(() => studio.url()).toContain(`/${lang}/spaces/${slug}`)
      await studio.fill(
        '[name="proposal"]',
        'Ein offenes Atelier für Grafikdesign mit Schaufensterausstellungen und Workshops für die Nachbarschaft.',
      )
      await studio.fill('[name="people"]', '3')
      await studio.fill('[name="hours"]', 'Mo–Fr 10–18 Uhr, Sa 11–15 Uhr')
      await studio.fill('[name="contribution"]', 'Monatliche offene Abende und ein belebtes Schaufenster.')
      await studio.click(`form[action="/${lang}/spaces/${slug}/apply"] button[type=submit]`)
      await expect.poll(() => studio.locator('.notice').count()).toBeGreaterThan(0)
    }

    // The owner compares the applications and chooses the Leipzig studio.
    await owner.goto(`${b.baseUrl}/de/spaces/${slug}/applications`)
    await expectNoAxeViolations(owner)
    await screenshot(owner, 'renewal-applications-de')
    const rows = owner.locator('tbody tr')
    await expect.poll(() => rows.count()).toBe(2)
    // Applications are listed in the order they came: the Leipzig studio applied first.
    await rows.first().locator('button[name="decision"][value="chosen"]').click()
    await expect.poll(() => owner.locator('main').textContent()).toMatch(/Vermietet|vermietet/)

    // The studio from Pécs is told, in Hungarian.
    const pecs = pages[1]
    await pecs.goto(`${b.baseUrl}/hu/notifications`)
    expect(await pecs.locator('main').textContent()).toContain(`elutasította a pályázatukat: „${title}”`)

    // The district's figures: one more space let this month.
    expect(await latestFigure(visitor, 'Spaces let')).toBe(letBefore + 1)
    await expectNoAxeViolations(visitor)
  }, 240_000)
})
