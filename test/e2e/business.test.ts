import { and, desc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { demoPassword } from '../../src/modules/accounts/demo'
import { outbox } from '../../src/modules/mail/schema'
import { deliverImmediateNotifications } from '../../src/modules/notifications/delivery'
import { testConfig } from '../support/database'
import { expectNoAxeViolations, screenshot, signIn, useBrowser } from './support'

const b = useBrowser()
const demo = (local: string) => `${local}@demo.creative-cities.example`
const title = 'Studio für ein Lernspiel über die Leipziger Baumwollspinnerei gesucht'

describe('business relations across borders', () => {
  it('Leipzig posts a request for game development; a Ljubljana studio finds it in Slovenian and is accepted; they write; the Ljubljana member is told in the app and by e-mail in Slovenian', async () => {
    // An organisation in Leipzig posts a collaboration request, in German.
    const leipzig = await b.newPage()
    await signIn(leipzig, b.baseUrl, demo('orgadmin.leipzig'), demoPassword, 'de')
    await leipzig.goto(`${b.baseUrl}/de/opportunities/new`)
    await expectNoAxeViolations(leipzig)
    await leipzig.selectOption('[name="type"]', 'collaboration_request')
    await leipzig.selectOption('[name="original_language"]', 'de')
    await leipzig.fill('[name="title.de"]', title)
    await leipzig.fill(
      '[name="description.de"]',
      'Wir bauen mit einem Museum ein kleines Lernspiel und suchen ein Studio für die Spielentwicklung.',
    )
    await leipzig.check('input[name="sectors"][value="software-games"]')
    await leipzig.selectOption('[name="needs"]', ['game-development'])
    await leipzig.selectOption('[name="reach"]', 'network')
    await leipzig.click('main form.form button[name="status"][value="published"]')
    await expect.poll(() => leipzig.url()).toMatch(/\/de\/opportunities\/[a-z0-9-]+(\?.*)?$/)
    const slug = leipzig.url().match(/opportunities\/([a-z0-9-]+)/)![1]
    expect(await leipzig.locator('h1').textContent()).toContain(title)

    // A studio in Ljubljana searches the board in Slovenian for the capability, not for any word of the text.
    const ljubljana = await b.newPage()
    await signIn(ljubljana, b.baseUrl, demo('orgadmin.ljubljana'), demoPassword, 'sl')
    await ljubljana.goto(`${b.baseUrl}/sl/opportunities`)
    await ljubljana.fill('#q', 'razvoj iger')
    await ljubljana.press('#q', 'Enter')
    const result = ljubljana.locator(`a[href="/sl/opportunities/${slug}"]`).first()
    await expect.poll(() => result.count()).toBeGreaterThan(0)
    await expectNoAxeViolations(ljubljana)
    await screenshot(ljubljana, 'business-board-sl')
    await result.click()
    await expect.poll(() => ljubljana.url()).toContain(`/sl/opportunities/${slug}`)
    await expectNoAxeViolations(ljubljana)
    await ljubljana.fill(
      '[name="message"]',
      'Smo majhen studio iz Ljubljane in izdelujemo izobraževalne igre za muzeje. Radi sodelujemo!',
    )
    await ljubljana.click(`form[action="/sl/opportunities/${slug}/interest"] button[type=submit]`)
    await expect.poll(() => ljubljana.locator('.notice').count()).toBeGreaterThan(0)

    // The poster sees the interest and accepts it: a conversation between the two organisations opens.
    await leipzig.goto(`${b.baseUrl}/de/opportunities/${slug}/interests`)
    await expectNoAxeViolations(leipzig)
    await leipzig.click('button[name="decision"][value="accepted"]')
    const conversationLink = leipzig.locator('a[href^="/de/messages/"]').first()
    await expect.poll(() => conversationLink.count()).toBeGreaterThan(0)
    const conversation = (await conversationLink.getAttribute('href'))!.match(/messages\/(\d+)/)![1]

    // Leipzig writes in the conversation.
    await leipzig.goto(`${b.baseUrl}/de/messages/${conversation}`)
    await leipzig.fill('[name="body"]', 'Hallo nach Ljubljana! Passt euch ein erstes Gespräch am Dienstag?')
    await leipzig.click('#reply button[type=submit]')
    await expect.poll(() => leipzig.locator('main').textContent()).toContain('Passt euch ein erstes Gespräch')

    // A member of the Ljubljana studio sees the bell count, the notification in Slovenian, and the thread.
    const member = await b.newPage({ width: 390, height: 844 })
    await signIn(member, b.baseUrl, demo('member.ljubljana'), demoPassword, 'sl')
    const bell = member.locator(`header a[href="/sl/notifications"]`)
    expect(await bell.textContent()).toMatch(/\d/)
    await member.goto(`${b.baseUrl}/sl/notifications`)
    await expectNoAxeViolations(member)
    const told = (await member.locator('main').textContent()) ?? ''
    expect(told).toContain('je pisala v pogovoru')
    expect(told).toContain('je sprejela vaše zanimanje')
    await screenshot(member, 'business-notifications-sl-phone')
    await member.goto(`${b.baseUrl}/sl/messages/${conversation}`)
    await expectNoAxeViolations(member)
    expect(await member.locator('main').textContent()).toContain('Passt euch ein erstes Gespräch')
    expect(await member.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await member.fill('[name="body"]', 'Torek nam ustreza. Lep pozdrav iz Ljubljane!')
    await member.click('#reply button[type=submit]')
    await expect.poll(() => member.locator('main').textContent()).toContain('Torek nam ustreza')
    await screenshot(member, 'business-thread-sl-phone')

    // The e-mail reaches the member in Slovenian (delivered by the job that runs every minute).
    await deliverImmediateNotifications({ db: b.db, config: testConfig })
    const mails = await b.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.recipient, demo('member.ljubljana'))))
      .orderBy(desc(outbox.id))
    const aboutMessage = mails.find((m) => m.body.includes('je pisala v pogovoru'))
    expect(aboutMessage?.locale).toBe('sl')
    expect(aboutMessage?.body).toContain(`/sl/messages/${conversation}`)

    // Leipzig has the answer waiting.
    await leipzig.goto(`${b.baseUrl}/de/messages`)
    expect(await leipzig.locator('main').textContent()).toContain(title)
    await expectNoAxeViolations(leipzig)
  }, 240_000)
})
