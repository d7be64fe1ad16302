import { desc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { demoPassword } from '../../src/modules/accounts/demo'
import { outbox } from '../../src/modules/mail/schema'
import { demoManagerEmail } from '../../src/modules/membership/demo'
import { expectNoAxeViolations, screenshot, signIn, useBrowser } from './support'

const b = useBrowser()

describe('joining the network', () => {
  it('a newcomer joins, adds an organisation in Pécs and applies; the Pécs manager approves; the directory shows a member whose private fields a visitor does not see', async () => {
    const email = 'lili.kovacs@fenymuhely.example'
    const password = 'Zsolnay-negyed-fenye-2026'
    const newcomer = await b.newPage()

    // Sign up in Hungarian: the e-mail comes in Hungarian.
    await newcomer.goto(`${b.baseUrl}/hu/join`)
    await expectNoAxeViolations(newcomer)
    await newcomer.fill('#field-name', 'Kovács Lili')
    await newcomer.fill('#field-email', email)
    await newcomer.fill('#field-password', password)
    await newcomer.click('main form.form button[type=submit]')
    await expect.poll(() => newcomer.locator('h1').textContent()).toBe('Nézze meg e-mailjeit')

    const [mail] = await b.db
      .select()
      .from(outbox)
      .where(eq(outbox.recipient, email))
      .orderBy(desc(outbox.id))
    expect(mail.subject).toBe('Erősítse meg e-mail-címét')
    const link = mail.body.match(/https?:\/\/[^/\s]+(\/hu\/verify-email\?token=\S+)/)![1]
    await newcomer.goto(b.baseUrl + link)
    await expect.poll(() => newcomer.locator('.notice').textContent()).toContain('E-mail-címe megerősítve')

    // The organisation: in Pécs, its contact e-mail for network members only, its head count private.
    await newcomer.goto(`${b.baseUrl}/en/organisations/new?city=pecs`)
    await expectNoAxeViolations(newcomer)
    await newcomer.selectOption('#field-kind', 'enterprise')
    await newcomer.fill('#field-name', 'Zsolnay Fényműhely')
    await newcomer.check('input[name="sectors"][value="design"]')
    await newcomer.check('input[name="languages"][value="en"]')
    await newcomer.fill('#field-employees', '4')
    await newcomer.fill('#field-email', 'hello@fenymuhely.example')
    await newcomer.fill('#field-description-hu', 'Fénytervező műhely a Zsolnay negyedben.')
    await newcomer.fill('#field-description-en', 'A lighting design workshop in the Zsolnay Quarter.')
    await newcomer.selectOption('#field-visibility-email', 'members')
    await newcomer.selectOption('#field-visibility-employees', 'private')
    await newcomer.click('main form.form button[type=submit]')
    await expect.poll(() => newcomer.url()).toMatch(/\/en\/organisations\/[a-z0-9-]+\/edit/)
    const slug = newcomer.url().match(/organisations\/([a-z0-9-]+)\/edit/)![1]

    await newcomer.goto(`${b.baseUrl}/en/clusters/pecs/join`)
    await expectNoAxeViolations(newcomer)
    await newcomer.fill(
      '#field-motivation',
      'We light the Zsolnay Quarter and want to work with designers across the network.',
    )
    await newcomer.click('main form.form button[type=submit]')
    await expect.poll(() => newcomer.url()).toContain('/en/clusters/pecs/join?sent=1')
    await screenshot(newcomer, 'join-applied')

    // The Pécs cluster manager approves.
    const manager = await b.newPage()
    await signIn(manager, b.baseUrl, demoManagerEmail('pecs'), demoPassword)
    await manager.goto(`${b.baseUrl}/en/clusters/pecs/applications`)
    await expectNoAxeViolations(manager)
    await manager.click(`form[action="/en/clusters/pecs/members/${slug}/decision"] button[value="approve"]`)
    await expect
      .poll(() => manager.locator(`form[action="/en/clusters/pecs/members/${slug}/decision"]`).count())
      .toBe(0)

    // Everyone sees the member badge in the directory.
    const visitor = await b.newPage({ width: 390, height: 844 })
    await visitor.goto(`${b.baseUrl}/en/actors?q=${encodeURIComponent('Fényműhely')}`)
    const card = visitor.locator('.actor-card', { hasText: 'Zsolnay Fényműhely' })
    await expect.poll(() => card.locator('.badge--member').count()).toBe(1)
    await screenshot(visitor, 'join-member-in-directory-phone')

    // A visitor sees only the public fields; the organisation's own admin sees them all.
    await visitor.goto(`${b.baseUrl}/en/actors/${slug}`)
    const publicProfile = (await visitor.locator('main').textContent()) ?? ''
    expect(publicProfile).toContain('A lighting design workshop in the Zsolnay Quarter.')
    expect(publicProfile).not.toContain('hello@fenymuhely.example')
    await newcomer.goto(`${b.baseUrl}/en/actors/${slug}`)
    expect(await newcomer.locator('main').textContent()).toContain('hello@fenymuhely.example')
  })
})

describe('pages of joining on a phone', () => {
  it('fit the screen without sideways scrolling, for an organisation admin and a cluster manager', async () => {
    const pages: [string, string[]][] = [
      ['orgadmin.pecs@demo.creative-cities.example', ['/de/me', '/en/organisations/new']],
      [
        'manager.pecs@demo.creative-cities.example',
        ['/en/clusters/pecs/applications', '/en/clusters/pecs/members', '/en/clusters/pecs/imports'],
      ],
    ]
    for (const [email, paths] of pages) {
      const page = await b.newPage({ width: 390, height: 844 })
      await signIn(page, b.baseUrl, email, demoPassword)
      for (const path of paths) {
        await page.goto(b.baseUrl + path)
        expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390)
      }
    }
  })
})
