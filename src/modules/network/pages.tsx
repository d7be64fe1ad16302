import type { Hono } from 'hono'
import { raw } from 'hono/html'
import type { JSX } from 'hono/jsx/jsx-runtime'
import { barChartSvg } from '../../core/charts'
import { type AppEnv, type Ctx, localePath, parseSlug, renderPage } from '../../core/http'
import type { I18n } from '../../core/i18n'
import { QueryField, WrittenText } from '../../core/views/components'
import { newestActors, searchActors } from '../actors/service'
import { ActorCard } from '../actors/views/components'
import { getTaxonomy } from '../taxonomy/service'
import {
  type ClusterDetail,
  type ClusterOverview,
  getCluster,
  listClusterOverviews,
  listClusters,
} from './service'

type NetworkSection = (ctx: Ctx) => Promise<JSX.Element | null>
type ClusterSection = (ctx: Ctx, cluster: ClusterOverview) => Promise<JSX.Element | null>
const networkSections: NetworkSection[] = []
const clusterSections: ClusterSection[] = []

/** Other capabilities add a section to the network page (e.g. how the clusters are linked). */
export function provideNetworkSection(section: NetworkSection) {
  networkSections.push(section)
}

/** Other capabilities add a section to every cluster page (e.g. the city's links with the others). */
export function provideClusterSection(section: ClusterSection) {
  clusterSections.push(section)
}

function MemberFigures({ cluster, i18n }: { cluster: ClusterOverview; i18n: I18n }) {
  return (
    <>
      <div>
        <dt>{i18n.t('network.figures.actors')}</dt>
        <dd>{i18n.number(cluster.actorCount)}</dd>
      </div>
      <div>
        <dt>{i18n.t('network.figures.sectors')}</dt>
        <dd>{i18n.number(cluster.sectorCount)}</dd>
      </div>
    </>
  )
}

function ClusterCard({ cluster, i18n }: { cluster: ClusterOverview; i18n: I18n }) {
  const { locale } = i18n
  return (
    <article class={`cluster-card city-${cluster.id}`}>
      <h3>
        <a href={`/${locale}/clusters/${cluster.id}`}>{cluster.cityName}</a>
      </h3>
      <p class="cluster-card__name">{i18n.text(cluster.name).text}</p>
      <dl class="figures figures--inline">
        <MemberFigures cluster={cluster} i18n={i18n} />
      </dl>
    </article>
  )
}

function ClusterPage({
  detail,
  members,
  i18n,
  chart,
  taxonomy,
  sections,
}: {
  detail: ClusterDetail
  members: Awaited<ReturnType<typeof searchActors>>
  chart: string
  taxonomy: Awaited<ReturnType<typeof getTaxonomy>>
  i18n: I18n
  sections: (JSX.Element | null)[]
}) {
  const { cluster } = detail
  const { t, locale } = i18n
  const cities = new Map([[cluster.id, cluster]])
  return (
    <article class="page cluster">
      <header class={`cluster__band city-${cluster.id}`}>
        <p class="eyebrow">
          {t('network.cluster.eyebrow', {
            country: i18n.regionName(cluster.country),
          })}
        </p>
        <h1>{i18n.text(cluster.name).text}</h1>
        <dl class="figures">
          <MemberFigures cluster={cluster} i18n={i18n} />
          {cluster.population && (
            <div>
              <dt>{t('network.figures.population')}</dt>
              <dd>
                {i18n.number(cluster.population)}{' '}
                <small>
                  ({cluster.populationDate}
                  {cluster.source && (
                    <>
                      , <a href={cluster.source}>{t('network.source')}</a>
                    </>
                  )}
                  )
                </small>
              </dd>
            </div>
          )}
        </dl>
      </header>
      <div class="cluster__grid">
        <section>
          <h2>{t('network.cluster.contact')}</h2>
          {detail.contact ? (
            <p>
              <a href={`/${locale}/actors/${detail.contact.slug}`}>{detail.contact.name}</a>
            </p>
          ) : (
            <p class="muted">{t('network.cluster.no_contact')}</p>
          )}
          {detail.figures.length > 0 && (
            <>
              <h2>{t('network.cluster.published_figures')}</h2>
              <ul class="published-figures">
                {detail.figures.map((f) => (
                  <li>
                    <strong>{f.value !== null ? i18n.number(f.value) : '–'}</strong>{' '}
                    <span lang="en">
                      {f.unit} — {f.indicator}
                    </span>
                    {f.year && ` (${f.year})`} <a href={f.source}>{t('network.source')}</a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <section>
          <h2 id="sector-mix">{t('network.cluster.sector_mix')}</h2>
          {detail.sectorMix.length ? (
            <div class="chart-with-table">
              <figure class="chart" aria-labelledby="sector-mix">
                {raw(chart)}
              </figure>
              <table class="data-table">
                <caption class="visually-hidden">{t('network.cluster.sector_mix')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('network.figures.sector')}</th>
                    <th scope="col">{t('network.figures.actors')}</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.sectorMix.map((s) => (
                    <tr>
                      <th scope="row">{taxonomy.sectorById.get(s.sector)?.name[locale] ?? s.sector}</th>
                      <td>{i18n.number(s.actors)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p class="muted">{t('network.cluster.no_members')}</p>
          )}
        </section>
      </div>
      <section>
        <h2>{t('network.cluster.districts')}</h2>
        <ul class="district-list">
          {detail.districts.map((d) => (
            <li>
              <h3>
                <a href={`/${locale}/districts/${d.id}`}>{d.name}</a>
              </h3>
              {d.formerUse && (
                <p class="muted">
                  {t('network.district.former_use')}: <span lang="en">{d.formerUse}</span>
                </p>
              )}
              <WrittenText value={d.description} i18n={i18n} />
              {d.source && (
                <p>
                  <a href={d.source}>{t('network.source')}</a>
                </p>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>{t('network.cluster.map')}</h2>
        <div
          class="map"
          role="region"
          aria-label={t('network.cluster.map')}
          data-geojson={`/api/v1/geo/actors?city=${cluster.id}`}
          data-lang={locale}
        ></div>
      </section>
      {sections}
      <section>
        <h2>{t('network.cluster.members')}</h2>
        <div class="card-grid">
          {members.items.map((a) => (
            <ActorCard actor={a} city={cities.get(a.cluster_id)} taxonomy={taxonomy} i18n={i18n} />
          ))}
        </div>
        <p>
          <a class="button" href={`/${locale}/actors?city=${cluster.id}`}>
            {t('network.cluster.all_members', { count: members.total })}
          </a>
        </p>
      </section>
    </article>
  )
}

export function networkPages(app: Hono<AppEnv>) {
  // City accents and sector colours are data, so their classes come from the database, not from app.css.
  app.get('/theme.css', async (c) => {
    const ctx = c.get('ctx')
    const [clusters, taxonomy] = await Promise.all([listClusters(ctx), getTaxonomy(ctx)])
    const colour = /^#[0-9a-f]{3,8}$/i
    const css = [
      ...clusters.filter((cl) => colour.test(cl.accent)).map((cl) => `.city-${cl.id}{--city:${cl.accent}}`),
      ...taxonomy.sectors
        .filter((s) => colour.test(s.color))
        .map((s) => `.sector-${s.id}{--sector:${s.color}}`),
    ].join('\n')
    return c.body(css, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=300',
    })
  })

  app.get(`${localePath}/`, async (c) => {
    const ctx = c.get('ctx')
    const { t, locale } = ctx.i18n
    const [clusters, newest, taxonomy] = await Promise.all([
      listClusterOverviews(ctx),
      newestActors(ctx, 6),
      getTaxonomy(ctx),
    ])
    const cities = new Map(clusters.map((cl) => [cl.id, cl]))
    return renderPage(
      c,
      { title: '', description: t('core.site.tagline') },
      <div class="page home">
        <section class="hero">
          <h1>{t('network.home.title')}</h1>
          <p class="lead">{t('network.home.lead')}</p>
          <form class="hero__search" action={`/${locale}/actors`} method="get" role="search">
            <div class="search-row search-row--labelled">
              <QueryField
                id="home-q"
                label={t('network.home.search_label')}
                placeholder={t('actors.search_placeholder')}
              />
              <button type="submit" class="button">
                {t('core.nav.search')}
              </button>
            </div>
          </form>
        </section>
        <section>
          <h2>{t('network.home.clusters')}</h2>
          <div class="cluster-grid">
            {clusters.map((cluster) => (
              <ClusterCard cluster={cluster} i18n={ctx.i18n} />
            ))}
          </div>
          <p>
            <a href={`/${locale}/network`}>{t('network.home.network_link')}</a>
          </p>
        </section>
        <section>
          <h2>{t('network.home.newest')}</h2>
          <div class="card-grid">
            {newest.map((a) => (
              <ActorCard actor={a} city={cities.get(a.cluster_id)} taxonomy={taxonomy} i18n={ctx.i18n} />
            ))}
          </div>
          <p>
            <a class="button" href={`/${locale}/actors?sort=newest`}>
              {t('network.home.all_actors')}
            </a>
          </p>
        </section>
      </div>,
    )
  })

  // The network as a whole: its clusters and what other capabilities tell about all of them.
  app.get(`${localePath}/network`, async (c) => {
    const ctx = c.get('ctx')
    const { t } = ctx.i18n
    const [clusters, sections] = await Promise.all([
      listClusterOverviews(ctx),
      Promise.all(networkSections.map((section) => section(ctx))),
    ])
    return renderPage(
      c,
      { title: t('network.overview.title'), description: t('network.overview.lead') },
      <div class="page network">
        <h1>{t('network.overview.title')}</h1>
        <p class="lead">{t('network.overview.lead')}</p>
        <section>
          <h2>{t('network.home.clusters')}</h2>
          <div class="cluster-grid">
            {clusters.map((cluster) => (
              <ClusterCard cluster={cluster} i18n={ctx.i18n} />
            ))}
          </div>
        </section>
        {sections}
      </div>,
    )
  })

  app.get(`${localePath}/clusters/:city`, async (c) => {
    const ctx = c.get('ctx')
    const detail = await getCluster(ctx, parseSlug(c.req.param('city')))
    const [members, taxonomy, sections] = await Promise.all([
      searchActors(ctx, { filters: { city: [detail.cluster.id] }, sort: 'newest', page: 1, perPage: 6 }),
      getTaxonomy(ctx),
      Promise.all(clusterSections.map((section) => section(ctx, detail.cluster))),
    ])
    const chart = barChartSvg(
      detail.sectorMix.map((s) => ({
        label: taxonomy.sectorById.get(s.sector)?.name[ctx.i18n.locale] ?? s.sector,
        value: s.actors,
        color: taxonomy.sectorById.get(s.sector)?.color ?? '#666',
      })),
      { title: ctx.i18n.t('network.cluster.sector_mix') },
    )
    return renderPage(
      c,
      {
        title: detail.cluster.cityName,
        description: ctx.i18n.text(detail.cluster.name).text,
        city: detail.cluster.id,
        scripts: ['leaflet.js', 'markercluster.js', 'map.js'],
        styles: ['leaflet.css', 'MarkerCluster.css', 'MarkerCluster.Default.css'],
      },
      <ClusterPage
        detail={detail}
        members={members}
        chart={chart}
        taxonomy={taxonomy}
        i18n={ctx.i18n}
        sections={sections}
      />,
    )
  })
}
