import type { Hono } from 'hono'
import { z } from 'zod'
import { facetValue } from '../../core/api'
import { AppError } from '../../core/errors'
import type { Bbox } from '../../core/geo'
import { type AppEnv, type Ctx, localePath, readQuery, renderPage } from '../../core/http'
import { searchActors } from '../actors/service'
import { districtStatuses } from '../districts/schema'
import { type DistrictView, listDistrictViews } from '../districts/service'
import { listClusters } from '../network/service'
import { spaceTypes } from '../spaces/schema'
import { spacePoints, titleIn } from '../spaces/service'
import { getTaxonomy } from '../taxonomy/service'
import {
  type ListSection,
  layerNames,
  listLength,
  type MapFilters,
  MapPage,
  shownSpaceStatuses,
} from './views/map'

// A blank field of the form is no choice, not an error.
const blank = (v: unknown) => (typeof v === 'string' && !v.trim() ? undefined : v)
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional())
const area = optional(z.coerce.number().int().min(0).max(1_000_000))

const mapQuerySchema = z
  .object({
    city: optional(facetValue),
    district: optional(z.string().max(120)),
    type: optional(z.enum(spaceTypes)),
    min_area: area,
    max_area: area,
    sector: optional(facetValue),
  })
  .strict()

/** A box around points, widened by a margin in degrees (a city's districts, the network's cities). */
function boxAround(points: { lat: number | null; lon: number | null }[], margin: number): Bbox {
  const located = points.filter((p) => p.lat !== null && p.lon !== null) as { lat: number; lon: number }[]
  const lats = located.map((p) => p.lat)
  const lons = located.map((p) => p.lon)
  return {
    minLon: Math.max(-180, Math.min(...lons) - margin * 1.5),
    minLat: Math.max(-90, Math.min(...lats) - margin),
    maxLon: Math.min(180, Math.max(...lons) + margin * 1.5),
    maxLat: Math.min(90, Math.max(...lats) + margin),
  }
}

/** Around its boundary, else its point, else (where neither is known) its city. */
function districtBox(district: DistrictView, cityBox: Bbox): Bbox {
  const ring = district.boundary
    ? (district.boundary.type === 'Polygon'
        ? district.boundary.coordinates
        : district.boundary.coordinates.flat()
      ).flat()
    : []
  if (ring.length)
    return boxAround(
      ring.map(([lon, lat]) => ({ lat, lon })),
      0.004,
    )
  if (district.lat !== null && district.lon !== null) return boxAround([district], 0.012)
  return cityBox
}

const unknownValue = (ctx: Ctx, field: string, value: string) =>
  new AppError('invalid_request', 400, 'core.error.invalid_request', undefined, [
    { field, message: ctx.i18n.t('map.error.unknown_value', { value: value.slice(0, 60) }) },
  ])

export function mapPages(app: Hono<AppEnv>) {
  app.get(`${localePath}/map`, async (c) => {
    const ctx = c.get('ctx')
    const { t, locale } = ctx.i18n
    const filters: MapFilters = readQuery(c, mapQuerySchema)
    const [clusters, districts, taxonomy] = await Promise.all([
      listClusters(ctx),
      listDistrictViews(ctx),
      getTaxonomy(ctx),
    ])
    const city = filters.city && clusters.find((cl) => cl.id === filters.city)
    if (filters.city && !city) throw unknownValue(ctx, 'city', filters.city)
    const district = filters.district && districts.find((d) => d.id === filters.district)
    if (filters.district && !district) throw unknownValue(ctx, 'district', filters.district)
    if (filters.sector && !taxonomy.sectorById.has(filters.sector)) {
      throw unknownValue(ctx, 'sector', filters.sector)
    }
    if (
      filters.min_area !== undefined &&
      filters.max_area !== undefined &&
      filters.min_area > filters.max_area
    ) {
      throw new AppError('invalid_request', 400, 'core.error.invalid_request', undefined, [
        { field: 'max_area', message: t('core.validation.too_small', { min: String(filters.min_area) }) },
      ])
    }

    const inCity = (d: DistrictView) => !filters.city || d.clusterId === filters.city
    const shownDistricts = districts.filter((d) => inCity(d) && (!district || d.id === district.id))
    const one = (value?: string) => (value ? [value] : undefined)
    const actorFilters = { city: one(filters.city), sector: one(filters.sector) }
    const [actors, spaces] = await Promise.all([
      searchActors(ctx, { filters: actorFilters, sort: 'name', page: 1, perPage: listLength }),
      spacePoints(
        ctx,
        {
          filters: {
            city: one(filters.city),
            district: one(filters.district),
            type: one(filters.type),
            status: [...shownSpaceStatuses],
          },
          minArea: filters.min_area,
          maxArea: filters.max_area,
        },
        listLength,
      ),
    ])
    const cityName = new Map(clusters.map((cl) => [cl.id, cl.cityName]))
    const sections: ListSection[] = [
      {
        layer: 'districts',
        total: shownDistricts.length,
        items: shownDistricts.slice(0, listLength).map((d) => ({
          name: d.name,
          href: `/${locale}/districts/${d.id}`,
          detail: `${t(`districts.status.${d.status}`)}, ${d.city.name}`,
        })),
      },
      {
        layer: 'spaces',
        total: spaces.total,
        items: spaces.points.map((p) => ({
          name: titleIn({ title: p.title, originalLanguage: p.original_language }, locale),
          href: `/${locale}/spaces/${p.slug}`,
          detail: [
            t(`spaces.type.${p.type}`),
            `${ctx.i18n.number(p.floor_area)} m²`,
            t(`spaces.status.${p.status}`),
          ].join(', '),
        })),
      },
      {
        layer: 'actors',
        total: actors.total,
        items: actors.items.map((a) => ({
          name: a.name,
          href: `/${locale}/actors/${a.slug}`,
          detail: cityName.get(a.cluster_id),
        })),
      },
    ]
    const directoryQuery = new URLSearchParams(
      Object.entries(actorFilters).flatMap(([k, v]) => (v ? [[k, v[0]]] : [])),
    ).toString()
    const cityBox = (id: string) =>
      boxAround([clusters.find((cl) => cl.id === id)!, ...districts.filter((d) => d.clusterId === id)], 0.03)
    const networkBbox = boxAround(clusters, 1.5)
    const bbox = district
      ? districtBox(district, cityBox(district.clusterId))
      : city
        ? cityBox(city.id)
        : networkBbox

    return renderPage(
      c,
      {
        title: t('map.title'),
        description: t('map.lead'),
        city: city ? city.id : undefined,
        scripts: ['leaflet.js', 'markercluster.js', 'map.js', 'map-page.js'],
        styles: ['leaflet.css', 'MarkerCluster.css', 'MarkerCluster.Default.css', 'map-page.css'],
      },
      <MapPage
        filters={filters}
        cities={clusters.map((cl) => ({
          value: cl.id,
          label: cl.cityName,
          bbox: cityBox(cl.id),
        }))}
        districts={districts.map((d) => ({
          value: d.id,
          label: d.name,
          city: d.clusterId,
          bbox: districtBox(d, cityBox(d.clusterId)),
        }))}
        spaceTypes={spaceTypes.map((s) => ({ value: s, label: t(`spaces.type.${s}`) }))}
        sectors={taxonomy.sectors.map((s) => ({ value: s.id, label: s.name[locale] ?? s.name.en ?? s.id }))}
        sections={sections}
        bbox={bbox}
        networkBbox={networkBbox}
        labels={{
          ...Object.fromEntries(layerNames.map((l) => [`layer_${l}`, t(`map.layer.${l}`)])),
          ...Object.fromEntries(districtStatuses.map((s) => [`district_${s}`, t(`districts.status.${s}`)])),
          ...Object.fromEntries(shownSpaceStatuses.map((s) => [`space_${s}`, t(`spaces.status.${s}`)])),
          ...Object.fromEntries(spaceTypes.map((s) => [`type_${s}`, t(`spaces.type.${s}`)])),
          in_view: t('map.list.in_view'),
          none: t('map.list.none'),
          more: t('map.list.more', { count: '{count}' }),
          clustered: t('map.list.clustered'),
          spaces_clustered: t('map.list.spaces_clustered'),
          directory: t('map.list.directory'),
          group: t('map.group', { count: '{count}' }),
          space_group: t('map.space_group', { count: '{count}' }),
          failed: t('map.list.failed'),
        }}
        directoryUrl={`/${locale}/actors${directoryQuery ? `?${directoryQuery}` : ''}`}
        i18n={ctx.i18n}
      />,
    )
  })
}
