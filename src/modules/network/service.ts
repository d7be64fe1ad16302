import type { Db } from '../../core/db/client'
import { notFound } from '../../core/errors'
import type { Ctx } from '../../core/http'
import { locales, translate } from '../../core/i18n'
import {
  type ActorSummary,
  countActorsByCluster,
  getActorSummaryById,
  insertActors,
  type NewActor,
  sectorMix,
} from '../actors/service'
import reference from './data/reference.json' with { type: 'json' }
import {
  insertCluster,
  selectCluster,
  selectClusters,
  selectDistricts,
  selectFigures,
  updateContactActor,
  upsertCluster,
  upsertDistrict,
  upsertFigure,
} from './queries'
import type { clusters, districts, figures } from './schema'

export type Cluster = typeof clusters.$inferSelect
export type District = typeof districts.$inferSelect
export type Figure = typeof figures.$inferSelect

/** One accent per founding city, AA on the light and the dark base; a new city takes the next of the reserve. */
export const cityAccents: Record<string, string> = {
  leipzig: '#1f5fa8',
  genoa: '#b3261e',
  gdansk: '#8a5a00',
  ljubljana: '#1b7a4a',
  pecs: '#7b3fa0',
}
export const reserveAccents = ['#006d77', '#9c2f6b', '#4d5d00', '#3d4fa0', '#a14a00']

export interface ClusterOverview extends Cluster {
  actorCount: number
  sectorCount: number
}

// The header, the directory's checks and its cards all need the clusters: one query per request serves them.
const clustersOfRequest = new WeakMap<object, Promise<Cluster[]>>()

export function listClusters(ctx: Pick<Ctx, 'db'>): Promise<Cluster[]> {
  let clusters = clustersOfRequest.get(ctx)
  if (!clusters) {
    clusters = selectClusters(ctx.db)
    clustersOfRequest.set(ctx, clusters)
  }
  return clusters
}

/** A cluster by its id, from the request's list of clusters; a 404 when there is none. */
export async function findCluster(ctx: Pick<Ctx, 'db'>, id: string): Promise<Cluster> {
  const cluster = (await listClusters(ctx)).find((c) => c.id === id)
  if (!cluster) throw notFound()
  return cluster
}

/** The clusters with their figures: how many actors, in how many sectors. */
export async function listClusterOverviews(ctx: Pick<Ctx, 'db'>): Promise<ClusterOverview[]> {
  const [rows, counts] = await Promise.all([listClusters(ctx), countActorsByCluster(ctx)])
  return rows.map((cluster) => ({
    ...cluster,
    actorCount: counts.get(cluster.id)?.actors ?? 0,
    sectorCount: counts.get(cluster.id)?.sectors ?? 0,
  }))
}

export interface ClusterDetail {
  cluster: ClusterOverview
  districts: District[]
  figures: Figure[]
  contact: ActorSummary | null
  sectorMix: { sector: string; actors: number }[]
}

/** A cluster with its contact point, districts, sector mix and the published figures of its city and country. */
export async function getCluster(ctx: Pick<Ctx, 'db'>, id: string): Promise<ClusterDetail> {
  const cluster = await selectCluster(ctx.db, id)
  if (!cluster) throw notFound()
  const [all, districtRows, figureRows, contact, mix] = await Promise.all([
    listClusterOverviews(ctx),
    selectDistricts(ctx.db, id),
    selectFigures(ctx.db),
    cluster.contactActorId ? getActorSummaryById(ctx, cluster.contactActorId) : null,
    sectorMix(ctx, id),
  ])
  return {
    cluster: all.find((c) => c.id === id)!,
    districts: districtRows,
    figures: figureRows.filter(
      (f) => f.clusterId === id || (f.clusterId === null && f.country === cluster.country),
    ),
    contact,
    sectorMix: mix,
  }
}

export const listDistricts = (ctx: Pick<Ctx, 'db'>, clusterId?: string) => selectDistricts(ctx.db, clusterId)

/** The five founding cities, their districts and published figures: present in every installation. */
export async function installNetwork(db: Db): Promise<void> {
  for (const [position, city] of reference.cities.entries()) {
    await upsertCluster(db, {
      id: city.id,
      position,
      cityName: city.name_local,
      cityNameEn: city.name_en.replace(/ \(.*\)$/, ''),
      country: city.country_iso2,
      language: city.language_code,
      name: Object.fromEntries(
        locales.map((l) => [l, translate(l, 'network.cluster.default_name', { city: city.name_local })]),
      ),
      accent: cityAccents[city.id] ?? reserveAccents[position % reserveAccents.length],
      lat: city.lat,
      lon: city.lon,
      population: city.population,
      populationDate: city.population_date,
      source: city.source,
    })
  }
  for (const d of reference.districts) {
    await upsertDistrict(db, {
      id: d.id,
      clusterId: d.city_id,
      name: d.name_local,
      nameEn: d.name_en,
      lat: d.lat,
      lon: d.lon,
      description: { en: d.description },
      formerUse: d.former_use,
      source: d.source,
    })
  }
  for (const s of reference.statistics) {
    if (s.value === null) continue
    const isCity = s.geo_level === 'city'
    await upsertFigure(db, {
      id: s.id,
      clusterId: isCity ? s.geo : null,
      country: s.geo_level === 'country' ? s.geo : null,
      indicator: s.indicator,
      value: s.value,
      unit: s.unit,
      year: s.year === null ? null : String(s.year),
      source: s.source,
    })
  }
}

const partnerKinds: Record<string, NewActor['kind']> = {
  'local authority': 'authority',
  'development agency': 'authority',
  'research institute': 'research',
}

/** The cluster's contact point in the founding project, by partner id. */
const contactPoints: Record<string, string> = {
  leipzig: 'pp1-leipzig',
  genoa: 'pp-genoa',
  gdansk: 'pp-gdansk',
  ljubljana: 'pp-rralur',
  pecs: 'pp-kikk',
}

/** The founding partners as real organisations of the directory, with their source; each city's contact point. */
export async function installFoundingPartners(db: Db): Promise<void> {
  const partners = reference.partners.filter((p) => p.city_id)
  const rows: NewActor[] = partners.map((p) => {
    const city = reference.cities.find((c) => c.id === p.city_id)!
    return {
      slug: p.id.replace(/^pp1?-/, 'partner-'),
      kind: partnerKinds[p.type] ?? (p.type.includes('cluster') ? 'association' : 'hub'),
      name: p.name_local ?? p.name_en,
      clusterId: p.city_id!,
      sectors: [],
      offers: [],
      needs: [],
      languages: [...new Set([city.language_code, 'en'])],
      sizeBand: 'medium',
      description: {
        en: [
          `${p.name_en}: ${p.role.replace(/ \(.*\)$/, '')} of the founding project Creative Cities (Central Europe Programme, 2010–2013).`,
          p.notes && !/not found/i.test(p.notes) ? p.notes : '',
        ]
          .join(' ')
          .trim(),
      },
      originalLanguage: 'en',
      foundingPartner: true,
      source: p.source,
      // They joined when the founding project began.
      createdAt: new Date(reference.project.start_date ?? '2010-04-01'),
    }
  })
  const ids = await insertActors(db, rows)
  for (const [cityId, partnerId] of Object.entries(contactPoints)) {
    const index = partners.findIndex((p) => p.id === partnerId)
    if (index >= 0) await updateContactActor(db, cityId, ids[index])
  }
}

export interface NewCluster {
  id: string
  cityName: string
  cityNameEn: string
  country: string
  language: string
  lat: number
  lon: number
  accent: string
}

/**
 * Adds a city to the network: a row, so the header, the theme and every page pick it up. Returns false
 * when a cluster with this id exists. The caller checks permission and writes the audit row.
 */
export function openCluster(db: Db, city: NewCluster): Promise<boolean> {
  return insertCluster(db, {
    ...city,
    name: Object.fromEntries(
      locales.map((l) => [l, translate(l, 'network.cluster.default_name', { city: city.cityName })]),
    ),
  })
}

/** The city switch of every page's header. */
export async function navigationCities(ctx: Pick<Ctx, 'db'>) {
  return (await listClusters(ctx)).map((c) => ({ id: c.id, name: c.cityName }))
}
