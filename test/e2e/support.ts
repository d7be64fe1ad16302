import type { AddressInfo } from 'node:net'
import AxeBuilder from '@axe-core/playwright'
import { serve } from '@hono/node-server'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { createApp } from '../../src/app'
import type { Db } from '../../src/core/db/client'
import { openTestDatabase, testConfig } from '../support/database'

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/** The real server on a free port over a copy of the demo database, and Debian's Chromium. */
export function useBrowser() {
  const state = {} as { browser: Browser; baseUrl: string; db: Db; close: () => Promise<void> }
  beforeAll(async () => {
    const database = await openTestDatabase()
    state.db = database.db
    const app = createApp(database.db, testConfig)
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((resolve) => server.once('listening', resolve))
    state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    state.browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH, args: chromiumArgs })
    state.close = async () => {
      await state.browser.close()
      server.close()
      await database.drop()
    }
  })
  afterAll(() => state.close?.())
  return {
    get baseUrl() {
      return state.baseUrl
    },
    /** The server's database, to read what a person would read elsewhere (their e-mail). */
    get db() {
      return state.db
    },
    async newPage(viewport = { width: 1440, height: 900 }): Promise<Page> {
      const context = await state.browser.newContext({ viewport, locale: 'en-GB' })
      // Nothing outside is reachable here; map tiles fail fast instead of waiting.
      await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort())
      // A step that cannot happen fails in seconds, naming itself, rather than at the test's timeout.
      context.setDefaultTimeout(15_000)
      return context.newPage()
    },
  }
}

export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  const summary = results.violations.map(
    (v) =>
      `${v.id}: ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  )
  expect(summary).toEqual([])
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true })
}

/** Signs in through the form in a language; the account page follows. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string, lang = 'en') {
  await page.goto(`${baseUrl}/${lang}/login`)
  await page.fill('#field-email', email)
  await page.fill('#field-password', password)
  await page.click('main form.form button[type=submit]')
  await expect.poll(() => page.url()).toMatch(new RegExp(`/${lang}/me$`))
}
