import { eq } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demoPassword } from '../../src/modules/accounts/demo'
import { createVerifiedPerson } from '../../src/modules/accounts/service'
import { actors } from '../../src/modules/actors/schema'
import { orgPeople } from '../../src/modules/organisations/schema'
import { expectNoAxeViolations, screenshot, signIn, useBrowser } from './support'

const b = useBrowser()
const demo = (local: string) => `${local}@demo.creative-cities.example`
const note =
  'Wir sind ein Leipziger Büro und suchen für ein Ausstellungsprojekt einen Partner in Genua. Lernen wir uns kennen?'

/** Nothing on the page is wider than the screen. */
const pageOverflows = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)

describe('matchmaking in the browser', () => {
  it('a Leipzig member asks to meet a recommended partner abroad; its new member accepts in Italian; both read the conversation', async () => {
    // A member of the Leipzig demo organisation signs in in German and finds the recommendations on the account page.
    const leipzig = await b.newPage()
    await signIn(leipzig, b.baseUrl, demo('member.leipzig'), demoPassword, 'de')
    const recommended = leipzig.locator('main .recommended')
    await expect.poll(() => recommended.locator('h2').textContent()).toContain('Empfohlen für')
    expect(await recommended.locator('.recommended__item').count()).toBeGreaterThan(0)
    await leipzig.waitForLoadState('load')
    await expectNoAxeViolations(leipzig)
    await screenshot(leipzig, 'matching-me-de-1440')
    await recommended.locator('a[href$="/matches"]').click()
    await expect.poll(() => leipzig.locator('h1').textContent()).toBe('Empfehlungen')
    const matchesUrl = leipzig.url()

    // The best partner in another country, with its reasons in German.
    const card = leipzig
      .locator('#partners .match-card')
      .filter({ has: leipzig.locator('.match-reason', { hasText: 'grenzüberschreitender Partner' }) })
      .first()
    const partnerLink = card.locator('.card__title a')
    const partnerName = (await partnerLink.textContent())!.trim()
    const partnerSlug = (await partnerLink.getAttribute('href'))!.split('/').pop()!
    expect(await card.locator('.match-reason').count()).toBeGreaterThanOrEqual(2)
    await expect
      .poll(() => card.locator('.match-reason').first().textContent())
      .toMatch(/das brauchen Sie|das bieten Sie an/)
    await expect.poll(() => card.locator('.match-score').textContent()).toMatch(/Punktzahl \d/)
    await leipzig.waitForLoadState('load')
    await expectNoAxeViolations(leipzig)

    // "Introduce us": a note too short is refused at the field, what was typed stays; then it is sent.
    await card.locator('summary', { hasText: 'Stellen Sie uns vor' }).click()
    const textarea = card.locator('textarea[name="note"]')
    await textarea.fill('Hallo')
    await card.locator('button', { hasText: 'Um Vorstellung bitten' }).click()
    const failed = leipzig.locator(`#match-${partnerSlug}`)
    await expect.poll(() => failed.locator('.field__error').count()).toBe(1)
    expect(await failed.locator('textarea[name="note"]').inputValue()).toBe('Hallo')
    await expectNoAxeViolations(leipzig)
    await failed.locator('textarea[name="note"]').fill(note)
    await failed.locator('button', { hasText: 'Um Vorstellung bitten' }).click()
    await expect
      .poll(() => leipzig.locator('.notice').first().textContent())
      .toContain('Ihre Bitte ist gesendet')
    const asked = leipzig.locator('#introductions .introduction', { hasText: partnerName })
    await expect.poll(() => asked.textContent()).toContain(`Wartet auf die Antwort von ${partnerName}`)
    // The partner asked is no longer among the recommendations.
    expect(await leipzig.locator(`#match-${partnerSlug}`).count()).toBe(0)
    await screenshot(leipzig, 'matching-matches-de-1440')

    // Nobody of the Genoa organisation has an account in the demo: a new member joins it, writing in Italian.
    const email = `membro.${partnerSlug}@test.example`
    const personId = await createVerifiedPerson(b.db, {
      name: 'Chiara Parodi',
      email,
      locale: 'it',
      password: demoPassword,
    })
    const [partner] = await b.db.select({ id: actors.id }).from(actors).where(eq(actors.slug, partnerSlug))
    await b.db.insert(orgPeople).values({ actorId: partner.id, userId: personId, role: 'member' })

    // She sees on her account page that an introduction waits, and accepts it on the matches page.
    const genoa = await b.newPage({ width: 390, height: 844 })
    await signIn(genoa, b.baseUrl, email, demoPassword, 'it')
    const waiting = genoa.locator('main .recommended a[href$="/matches"]')
    await expect.poll(() => waiting.textContent()).toContain('1 presentazione attende')
    await waiting.click()
    await expect.poll(() => genoa.locator('h1').textContent()).toBe('Raccomandazioni')
    const intro = genoa.locator('#introductions .introduction').first()
    await expect.poll(() => intro.textContent()).toContain(note)
    expect(await intro.textContent()).toContain('chiedono di conoscervi')
    await genoa.waitForLoadState('load')
    expect(await pageOverflows(genoa)).toBe(false)
    await expectNoAxeViolations(genoa)
    await screenshot(genoa, 'matching-matches-it-390')
    await intro.locator('button', { hasText: 'Accetta' }).click()
    await expect
      .poll(() => genoa.locator('.notice').first().textContent())
      .toContain('la conversazione è aperta')
    const toConversation = genoa.locator('#introductions a[href^="/it/messages/"]').first()
    await expect.poll(() => toConversation.count()).toBe(1)
    await toConversation.click()
    await expect.poll(() => genoa.url()).toMatch(/\/it\/messages\/\d+$/)
    await expect.poll(() => genoa.locator('main').textContent()).toContain(note)
    expect(await pageOverflows(genoa)).toBe(false)
    const conversationId = genoa.url().split('/').pop()

    // The Leipzig member finds the same conversation from the introduction, which now says it was accepted.
    await leipzig.goto(matchesUrl)
    const done = leipzig.locator('#introductions .introduction', { hasText: partnerName })
    await expect.poll(() => done.textContent()).toContain('Von beiden angenommen')
    await done.locator(`a[href="/de/messages/${conversationId}"]`).click()
    await expect.poll(() => leipzig.url()).toMatch(new RegExp(`/de/messages/${conversationId}$`))
    await expect.poll(() => leipzig.locator('main').textContent()).toContain(note)
    await expect.poll(() => leipzig.locator('main').textContent()).toContain(partnerName)
    await leipzig.context().close()
    await genoa.context().close()
  })

  it('the matches page passes axe and fits a phone in German and Hungarian; "Not interested" sets a partner aside', async () => {
    for (const [city, lang] of [
      ['leipzig', 'de'],
      ['pecs', 'hu'],
    ] as const) {
      const page = await b.newPage({ width: 390, height: 844 })
      await signIn(page, b.baseUrl, demo(`orgadmin.${city}`), demoPassword, lang)
      // The organisation's profile is its people's dashboard: its best partners, and the way to all.
      await page.locator('main a[href*="/actors/"]').first().click()
      await expect
        .poll(() => page.locator('.recommended h2').textContent())
        .toBe(lang === 'de' ? 'Für Sie empfohlen' : 'Önöknek ajánljuk')
      await page.waitForLoadState('load')
      expect(await pageOverflows(page)).toBe(false)
      await expectNoAxeViolations(page)
      await screenshot(page, `matching-profile-${lang}-390`)
      await page.locator('main .recommended a[href$="/matches"]').click()
      await expect.poll(() => page.locator('#partners .match-card').count()).toBeGreaterThan(0)
      await page.waitForLoadState('load')
      // One note form open, as a person writing would see it.
      await page.locator('#partners .match-card summary').first().click()
      expect(await pageOverflows(page)).toBe(false)
      await expectNoAxeViolations(page)
      await screenshot(page, `matching-matches-${lang}-390`)

      const first = page.locator('#partners .match-card').first()
      const id = await first.getAttribute('id')
      await first.locator('form.inline-form button').click()
      await expect.poll(() => page.locator('.notice').count()).toBeGreaterThan(0)
      expect(await page.locator(`#${id}`).count()).toBe(0)
      await page.context().close()
    }
  })

  it('a cluster manager introduces two organisations from the suggestions; the network admin tunes the ranking', async () => {
    const manager = await b.newPage()
    await signIn(manager, b.baseUrl, demo('manager.leipzig'), demoPassword, 'de')
    await manager.locator('main a[href="/de/clusters/leipzig/introductions"]').first().click()
    await expect.poll(() => manager.locator('h1').textContent()).toBe('Vorgeschlagene Vorstellungen')
    await manager.waitForLoadState('load')
    await expectNoAxeViolations(manager)
    const suggestion = manager.locator('.match-card').first()
    const pair = await suggestion.getAttribute('id')
    expect(await suggestion.locator('.card__title a').count()).toBe(2)
    await suggestion.locator('summary').click()
    await suggestion
      .locator('textarea[name="note"]')
      .fill('Sie ergänzen sich genau: Lernen Sie sich auf der Messe im Frühjahr kennen.')
    await screenshot(manager, 'matching-suggestions-de-1440')
    await suggestion.locator('form button[type=submit]').click()
    await expect
      .poll(() => manager.locator('.notice').first().textContent())
      .toContain('Vorstellung gesendet')
    // The pair is introduced now: no longer suggested.
    expect(await manager.locator(`#${pair}`).count()).toBe(0)
    await manager.context().close()

    const admin = await b.newPage({ width: 390, height: 844 })
    await signIn(admin, b.baseUrl, demo('admin'), demoPassword, 'hu')
    await admin.locator('main a[href="/hu/admin/matching"]').click()
    await expect.poll(() => admin.locator('h1').textContent()).toBe('Partnerkeresés')
    await admin.waitForLoadState('load')
    expect(await pageOverflows(admin)).toBe(false)
    await expectNoAxeViolations(admin)
    await admin.selectOption('[name="cross_border_weight"]', '2')
    await admin.click('main form.form button[type=submit]')
    await expect.poll(() => admin.locator('.notice').first().textContent()).toContain('Mentve')
    expect(await admin.locator('[name="cross_border_weight"]').inputValue()).toBe('2')
    await screenshot(admin, 'matching-settings-hu-390')
    await admin.context().close()
  })
})
