import { randomUUID } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import type { JSX } from 'hono/jsx/jsx-runtime'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { z } from 'zod'
import { loadViewer, type Viewer } from './auth'
import type { Config } from './config'
import type { Db } from './db/client'
import { AppError, notFound, validationError } from './errors'
import { type I18n, i18nFor, isLocale, type Locale, locales, negotiateLocale } from './i18n'
import { Layout, navCities, type PageMeta } from './views/layout'

/** The language prefix of every page route: only the six languages match, so any other prefix is a 404. */
export const localePath = `/:lang{(?:${locales.join('|')})}`

/** What every service verb receives: the database, the configuration, the reader and who they are. */
export interface Ctx {
  db: Db
  config: Config
  i18n: I18n
  requestId: string
  viewer: Viewer
}

export type AppEnv = {
  Variables: { requestId: string; ctx: Ctx; locale: Locale }
}

export function requestContext(db: Db, config: Config): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 64) || randomUUID()
    c.set('requestId', requestId)
    const first = c.req.path.split('/')[1]
    const queryLang = c.req.query('lang')
    const locale: Locale = isLocale(first)
      ? first
      : isLocale(queryLang)
        ? queryLang
        : negotiateLocale(c.req.header('accept-language'))
    c.set('locale', locale)
    const viewer = await loadViewer(db, config, c.req.raw.headers)
    c.set('ctx', { db, config, i18n: i18nFor(locale), requestId, viewer })
    c.header('x-request-id', requestId)
    await next()
  }
}

const bodyTypes = /^(application\/x-www-form-urlencoded|application\/json|text\/plain)/i

/**
 * Refuses the NUL character anywhere a person can type it (address, form, JSON): PostgreSQL cannot store
 * it in text, so it would otherwise fail deep inside a statement. Multipart fields are checked by readForm.
 */
export const nulGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  let inBody = false
  if (bodyTypes.test(c.req.header('content-type') ?? '')) {
    // A copy: the route may still read the body as a stream (a body limit does).
    const text = await c.req.raw.clone().text()
    inBody = text.includes('%00') || text.includes('\\u0000') || text.includes(String.fromCharCode(0))
  }
  if (/%00/.test(c.req.url) || inBody) throw nulCharacter()
  return next()
}

export const nulCharacter = () => new AppError('invalid_character', 400, 'core.error.nul_character')

/** Security headers on every response; the pages run no inline script, so the CSP can forbid it. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next()
  c.header(
    'content-security-policy',
    [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data: https:",
      "font-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ].join('; '),
  )
  c.header('x-content-type-options', 'nosniff')
  c.header('referrer-policy', 'strict-origin-when-cross-origin')
  c.header('x-frame-options', 'DENY')
}

/** The path after the language prefix, with its query, for the language switcher and hreflang. */
export function pathWithoutLocale(c: Context<AppEnv>): string {
  const url = new URL(c.req.url)
  const rest = url.pathname.replace(/^\/[a-z]{2}(?=\/|$)/, '') || '/'
  return rest + url.search
}

/**
 * What a page says after a change, from the `notice` parameter of the redirect that led to it: `notices`
 * maps each notice a page knows to its message key; any other value says nothing, so a link cannot make a
 * page say more. (Whole keys, not a prefix: the catalogue test finds them in the code.)
 */
export function noticeOf(c: Context<AppEnv>, notices: Readonly<Record<string, string>>): string | undefined {
  const key = c.req.query('notice')
  return key && Object.hasOwn(notices, key) ? c.get('ctx').i18n.t(notices[key]) : undefined
}

export async function renderPage(
  c: Context<AppEnv>,
  meta: PageMeta,
  body: JSX.Element,
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  const ctx = c.get('ctx')
  // An error page must render even when the database is what failed.
  const cities = await navCities(ctx).catch((err) => (status >= 400 ? [] : Promise.reject(err)))
  const page = Layout({
    meta,
    i18n: ctx.i18n,
    config: ctx.config,
    path: pathWithoutLocale(c),
    cities,
    viewer: ctx.viewer,
    children: body,
  })
  return c.html(`<!DOCTYPE html>${await page.toString()}`, status)
}

/** True when htmx asks for a fragment instead of the whole page. */
// A boosted link and a history restore after a cache miss want the whole page.
export const isFragmentRequest = (c: Context) =>
  c.req.header('hx-request') === 'true' &&
  !c.req.header('hx-boosted') &&
  !c.req.header('hx-history-restore-request')

export function parseSlug(value: string): string {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value) || value.length > 120) {
    throw new AppError('invalid_slug', 404, 'core.error.not_found')
  }
  return value
}

/** A numeric id (or page number) from the address: anything but a whole number from 1 up is a page that does not exist. */
export function parseId(value: string | undefined): number {
  const id = Number(value)
  if (!/^[0-9]+$/.test(value ?? '') || !Number.isSafeInteger(id) || id < 1) throw notFound()
  return id
}

/** A page's query parameters (a repeated name as a list) read by a schema; what it refuses is a translated 400. */
export function readQuery<T extends z.ZodType>(c: Context<AppEnv>, schema: T): z.output<T> {
  const raw = Object.fromEntries(
    Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? v[0] : v]),
  )
  const parsed = schema.safeParse(raw)
  if (!parsed.success) throw validationError(parsed.error, c.get('ctx').i18n)
  return parsed.data
}
