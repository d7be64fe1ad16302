import type { Child } from 'hono/jsx'
import type { Viewer } from '../auth'
import type { Config } from '../config'
import type { Db } from '../db/client'
import { type I18n, languageNames, locales } from '../i18n'
import { QueryField } from './components'

export interface PageMeta {
  title: string
  description?: string
  /** schema.org data for search engines, rendered as JSON-LD. */
  jsonLd?: object
  ogType?: string
  image?: string
  /** The city whose accent colours the page; the network pages stay neutral. */
  city?: string
  /** Scripts this page needs beyond htmx and the shared one, from /assets. */
  scripts?: string[]
  styles?: string[]
  status?: number
  /** Feeds of this page's content (Atom), announced to feed readers. */
  feeds?: { title: string; href: string }[]
}

export interface NavCity {
  id: string
  name: string
}

type CityLoader = (ctx: { db: Db }) => Promise<NavCity[]>

let loadCities: CityLoader = async () => []

/** The network module tells the layout which cities the city switch lists. */
export function provideNavCities(loader: CityLoader) {
  loadCities = loader
}

export const navCities = (ctx: { db: Db }) => loadCities(ctx)

const jsonLdText = (data: object) => JSON.stringify(data).replace(/</g, '\\u003c')

/** A header icon (messages, notifications) with what waits as a badge; the label says it in words. */
function CounterLink(props: { href: string; label: string; count: number; icon: string; i18n: I18n }) {
  return (
    <a class="nav-counter" href={props.href}>
      <svg class="nav-counter__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d={props.icon} />
      </svg>
      <span class="visually-hidden">{props.label}</span>
      {props.count > 0 && (
        <span class="nav-counter__badge" aria-hidden="true">
          {props.count > 99 ? '99+' : props.i18n.number(props.count)}
        </span>
      )}
    </a>
  )
}

export function Layout(props: {
  meta: PageMeta
  i18n: I18n
  config: Config
  path: string
  cities: NavCity[]
  viewer: Viewer
  children: Child
}) {
  const { meta, i18n, config, path, cities, viewer } = props
  const { person, counters } = viewer
  const { t, locale } = i18n
  // The language switch keeps the whole state (query included); canonical and alternates name the page.
  const href = (lang: string) => `/${lang}${path}`
  const pageHref = (lang: string) => `${config.publicUrl}/${lang}${path.split('?')[0]}`
  const canonical = pageHref(locale)
  const title = meta.title ? `${meta.title} · ${t('core.site.name')}` : t('core.site.name')
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={meta.description ?? t('core.site.tagline')} />
        <link rel="canonical" href={canonical} />
        {locales.map((l) => (
          <link rel="alternate" hreflang={l} href={pageHref(l)} />
        ))}
        <link rel="alternate" hreflang="x-default" href={pageHref('en')} />
        {meta.feeds?.map((feed) => (
          <link rel="alternate" type="application/atom+xml" title={feed.title} href={feed.href} />
        ))}
        <meta property="og:site_name" content={t('core.site.name')} />
        <meta property="og:title" content={meta.title || t('core.site.name')} />
        <meta property="og:description" content={meta.description ?? t('core.site.tagline')} />
        <meta property="og:type" content={meta.ogType ?? 'website'} />
        <meta property="og:url" content={canonical} />
        <meta property="og:locale" content={locale} />
        {meta.image && <meta property="og:image" content={meta.image} />}
        <meta name="twitter:card" content="summary" />
        <meta name="color-scheme" content="light dark" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/app.css" />
        <link rel="stylesheet" href="/theme.css" />
        {meta.styles?.map((s) => (
          <link rel="stylesheet" href={`/assets/${s}`} />
        ))}
        {/* htmx would add an inline style for its indicators, which the CSP refuses; ours are in app.css. */}
        <meta name="htmx-config" content='{"includeIndicatorStyles":false}' />
        <script src="/assets/htmx.min.js" defer></script>
        <script src="/assets/app.js" defer></script>
        {meta.scripts?.map((s) => (
          <script src={`/assets/${s}`} defer></script>
        ))}
        {meta.jsonLd && (
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(meta.jsonLd) }} />
        )}
      </head>
      <body
        class={meta.city ? `city-${meta.city}` : undefined}
        data-tiles={config.MAP_TILE_URL}
        data-tile-attribution={config.MAP_TILE_ATTRIBUTION}
      >
        <a class="skip-link" href="#main">
          {t('core.nav.skip')}
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            <a class="brand" href={`/${locale}/`}>
              <span class="brand__mark" aria-hidden="true"></span>
              <span class="brand__name">{t('core.site.name')}</span>
            </a>
            <nav class="main-nav" aria-label={t('core.nav.main')}>
              <a href={`/${locale}/actors`}>{t('core.nav.directory')}</a>
              <a href={`/${locale}/opportunities`}>{t('core.nav.opportunities')}</a>
              <a href={`/${locale}/map`}>{t('core.nav.map')}</a>
              <details class="menu">
                <summary>{t('core.nav.cities')}</summary>
                <ul>
                  <li>
                    <a href={`/${locale}/network`}>{t('core.nav.network')}</a>
                  </li>
                  {cities.map((city) => (
                    <li>
                      <a href={`/${locale}/clusters/${city.id}`} class={`city-${city.id}`}>
                        {city.name}
                      </a>
                    </li>
                  ))}
                </ul>
              </details>
            </nav>
            <form class="header-search" action={`/${locale}/actors`} method="get" role="search">
              <QueryField
                id="header-q"
                label={t('core.nav.search_label')}
                placeholder={t('core.nav.search_placeholder')}
                hideLabel
              />
              <button type="submit">{t('core.nav.search')}</button>
            </form>
            <nav class="account-nav" aria-label={t('core.nav.me')}>
              {person ? (
                <>
                  <CounterLink
                    href={`/${locale}/messages`}
                    label={t('core.nav.messages', { count: counters.messages })}
                    count={counters.messages}
                    icon="M3 5h18a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1Zm1 2.4V17h16V7.4l-8 5.1-8-5.1ZM5.8 7 12 11l6.2-4H5.8Z"
                    i18n={i18n}
                  />
                  <CounterLink
                    href={`/${locale}/notifications`}
                    label={t('core.nav.notifications', { count: counters.notifications })}
                    count={counters.notifications}
                    icon="M12 2a6 6 0 0 0-6 6v3.6l-1.7 3.4A1 1 0 0 0 5.2 16.5h13.6a1 1 0 0 0 .9-1.5L18 11.6V8a6 6 0 0 0-6-6Zm0 20a3 3 0 0 0 2.8-2h-5.6A3 3 0 0 0 12 22Z"
                    i18n={i18n}
                  />
                  <a href={`/${locale}/me`}>{t('core.nav.me')}</a>
                  <form method="post" action={`/${locale}/logout`}>
                    <button type="submit" class="link-button">
                      {t('core.nav.sign_out')}
                    </button>
                  </form>
                </>
              ) : (
                <>
                  <a href={`/${locale}/login`}>{t('core.nav.sign_in')}</a>
                  <a class="button" href={`/${locale}/join`}>
                    {t('core.nav.join')}
                  </a>
                </>
              )}
            </nav>
            <details class="menu lang-switch">
              <summary>
                <span class="visually-hidden">{t('core.nav.language')}: </span>
                {locale.toUpperCase()}
              </summary>
              <ul>
                {locales.map((l) => (
                  <li>
                    <a href={href(l)} hreflang={l} lang={l} aria-current={l === locale ? 'true' : undefined}>
                      {languageNames[l]}
                    </a>
                  </li>
                ))}
              </ul>
            </details>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="site-footer__inner">
            <p>{t('core.footer.about')}</p>
            <p>
              <a href="/api/docs">{t('core.footer.api')}</a> · <a href="/api/v1/openapi.json">OpenAPI</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  )
}
