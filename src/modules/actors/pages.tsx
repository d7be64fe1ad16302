import type { Hono } from 'hono'
import type { JSX } from 'hono/jsx/jsx-runtime'
import { z } from 'zod'
import type { Ctx } from '../../core/http'
import { type AppEnv, isFragmentRequest, localePath, parseSlug, readQuery, renderPage } from '../../core/http'
import { listClusters, listDistricts } from '../network/service'
import { getTaxonomy } from '../taxonomy/service'
import { searchQuerySchema, toSearchInput } from './api'
import { type ActorRow, getActor, searchActors, similarActors } from './service'
import { DirectoryBody, DirectoryPage, type DirectoryState, directoryQuery } from './views/directory'
import { ProfilePage } from './views/profile'

const directoryQuerySchema = searchQuerySchema.extend({ view: z.enum(['list', 'map']).default('list') })

async function cityMap(ctx: Parameters<typeof listClusters>[0]) {
  return new Map((await listClusters(ctx)).map((c) => [c.id, c]))
}

type ProfileSection = (ctx: Ctx, actor: ActorRow) => Promise<JSX.Element | null>
const profileSections: ProfileSection[] = []

/**
 * Other capabilities add a section to every profile (its connections, its open opportunities, a way to
 * write to it); each renders what it knows of the actor for this viewer, or nothing.
 */
export function provideProfileSection(section: ProfileSection) {
  profileSections.push(section)
}

export function actorsPages(app: Hono<AppEnv>) {
  app.get(`${localePath}/actors`, async (c) => {
    const ctx = c.get('ctx')
    const state: DirectoryState = readQuery(c, directoryQuerySchema)
    const [result, cities, taxonomy] = await Promise.all([
      searchActors(ctx, toSearchInput(state)),
      cityMap(ctx),
      getTaxonomy(ctx),
    ])
    // The map loads the same result set; only the search and the filters matter to it.
    const geoQuery = directoryQuery({ ...state, sort: 'relevance', page: 1, per_page: 20, view: 'list' })
    const geoUrl = `/api/v1/geo/actors${geoQuery ? `?${geoQuery}` : ''}`
    const props = { state, result, cities, taxonomy, i18n: ctx.i18n, geoUrl }
    c.header('vary', 'HX-Request')
    if (isFragmentRequest(c)) return c.html(<DirectoryBody {...props} />)
    const title = state.q ? ctx.i18n.t('actors.title_query', { q: state.q }) : ctx.i18n.t('actors.title')
    return renderPage(
      c,
      {
        title,
        description: ctx.i18n.t('actors.description'),
        ...(state.view === 'map'
          ? {
              scripts: ['leaflet.js', 'markercluster.js', 'map.js'],
              styles: ['leaflet.css', 'MarkerCluster.css', 'MarkerCluster.Default.css'],
            }
          : {}),
      },
      <DirectoryPage {...props} />,
    )
  })

  app.get(`${localePath}/actors/:slug`, async (c) => {
    const ctx = c.get('ctx')
    const actor = await getActor(ctx, parseSlug(c.req.param('slug')))
    const [sections, similar, cities, taxonomy, districts] = await Promise.all([
      Promise.all(profileSections.map((section) => section(ctx, actor))),
      similarActors(ctx, actor),
      cityMap(ctx),
      getTaxonomy(ctx),
      actor.districtId ? listDistricts(ctx, actor.clusterId) : [],
    ])
    const city = cities.get(actor.clusterId)!
    const description = ctx.i18n.text(actor.description, actor.originalLanguage).text
    const url = `${ctx.config.publicUrl}/${ctx.i18n.locale}/actors/${actor.slug}`
    return renderPage(
      c,
      {
        title: actor.name,
        description: description.slice(0, 200),
        ogType: 'profile',
        city: city.id,
        scripts: ['leaflet.js', 'map.js'],
        styles: ['leaflet.css'],
        jsonLd: {
          '@context': 'https://schema.org',
          '@type': 'Organization',
          name: actor.name,
          url,
          description,
          ...(actor.website ? { sameAs: [actor.website] } : {}),
          ...(actor.email ? { email: actor.email } : {}),
          ...(actor.foundedYear ? { foundingDate: String(actor.foundedYear) } : {}),
          ...(actor.employees
            ? { numberOfEmployees: { '@type': 'QuantitativeValue', value: actor.employees } }
            : {}),
          knowsLanguage: actor.languages,
          knowsAbout: actor.offers.map((id) => taxonomy.capabilityById.get(id)?.label.en ?? id),
          address: {
            '@type': 'PostalAddress',
            ...(actor.address ? { streetAddress: actor.address } : {}),
            addressLocality: city.cityName,
            addressCountry: city.country,
          },
          ...(actor.lat !== null && actor.lon !== null
            ? { geo: { '@type': 'GeoCoordinates', latitude: actor.lat, longitude: actor.lon } }
            : {}),
        },
      },
      <ProfilePage
        actor={actor}
        city={city}
        districtName={districts.find((d) => d.id === actor.districtId)?.name}
        similar={similar}
        cities={cities}
        taxonomy={taxonomy}
        i18n={ctx.i18n}
        role={ctx.viewer.orgs.get(actor.id)}
        sections={sections}
      />,
    )
  })
}
