import { OpenAPIHono } from '@hono/zod-openapi'
import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { assetRoutes } from './core/assets'
import { crossSiteGuard } from './core/auth'
import type { Config } from './core/config'
import type { Db } from './core/db/client'
import { errorBody, notFound, toAppError, validationError } from './core/errors'
import { type AppEnv, localePath, nulGuard, renderPage, requestContext, securityHeaders } from './core/http'
import { i18nFor, negotiateLocale } from './core/i18n'
import { apiDocsPage } from './core/views/api-docs'
import { ErrorPage } from './core/views/error-page'
import { modules } from './modules'

export function createApp(db: Db, config: Config) {
  const app = new Hono<AppEnv>()
  app.use(securityHeaders)

  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  app.get('/readyz', async (c) => {
    try {
      await db.execute(sql`SELECT 1`)
      return c.json({ status: 'ready' })
    } catch {
      return c.json({ status: 'unavailable' }, 503)
    }
  })
  assetRoutes(app)
  // Registered after health and assets: those answer first, without reading a session for every file.
  app.use(requestContext(db, config))
  app.use(crossSiteGuard(config.publicUrl))
  app.use(nulGuard)

  const api = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) throw validationError(result.error, c.get('ctx').i18n)
    },
  }).basePath('/api/v1')
  for (const m of modules) m.api?.(api)
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Creative Cities Network API',
      version: '1',
      description: 'The directory of creative actors, the clusters of the network and the shared taxonomy.',
    },
    servers: [{ url: config.publicUrl }],
  })
  app.route('/', api)
  app.get('/api/docs', apiDocsPage)

  app.get('/', (c) => {
    c.header('vary', 'accept-language')
    return c.redirect(`/${negotiateLocale(c.req.header('accept-language'))}/`, 302)
  })
  // `/en` to `/en/`; the router also matches `/en/` here, which goes on to the home page.
  app.get(localePath, (c, next) =>
    c.req.path.endsWith('/') ? next() : c.redirect(`/${c.req.param('lang')}/`, 301),
  )
  for (const m of modules) m.pages?.(app)

  app.notFound(() => {
    throw notFound()
  })
  app.onError((err, c) => {
    const error = toAppError(err)
    if (error.status >= 500) console.error(`[${c.get('requestId')}]`, err)
    const ctx = c.get('ctx')
    if (!ctx)
      return c.json(
        errorBody(c, error, i18nFor(negotiateLocale(c.req.header('accept-language')))),
        error.status,
      )
    if (c.req.path.startsWith('/api/')) {
      return c.json(errorBody(c, error, ctx.i18n), error.status)
    }
    // A page that needs a signed-in person sends a visitor to the sign-in form, and back afterwards.
    if (error.code === 'unauthenticated') {
      const back = c.req.method === 'GET' ? `?next=${encodeURIComponent(c.req.path)}` : ''
      return c.redirect(`/${ctx.i18n.locale}/login${back}`, 303)
    }
    return renderPage(
      c,
      { title: ctx.i18n.t(error.messageKey, error.values) },
      ErrorPage({ error, i18n: ctx.i18n }),
      error.status,
    )
  })
  return app
}
