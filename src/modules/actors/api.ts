import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  errorResponses,
  facetValue,
  jsonContent,
  LocalizedSchema,
  multiValue,
  searchInputOf,
  searchPage,
  searchPageSchema,
  searchPaging,
  searchWords,
} from '../../core/api'
import { bboxParam, geoCollectionResponse, groupFeature, parseBbox } from '../../core/geo'
import type { AppEnv } from '../../core/http'
import { parseSlug } from '../../core/http'
import type { ActorRow, GeoRow } from './queries'
import { restrictableFields, visibilityLevels } from './schema'
import {
  type ActorListRow,
  actorKinds,
  actorPoints,
  actorsInBox,
  facetNames,
  getActor,
  mapPointLimit,
  maxPage,
  maxPerPage,
  type SearchInput,
  searchActors,
  similarActors,
  sizeBands,
  sortOrders,
} from './service'

export const searchQuerySchema = z
  .object({
    q: searchWords('Words of names and descriptions, any language; accents ignored'),
    city: multiValue(facetValue),
    sector: multiValue(facetValue),
    kind: multiValue(z.enum(actorKinds)),
    offers: multiValue(facetValue),
    needs: multiValue(facetValue),
    language: multiValue(facetValue),
    size: multiValue(z.enum(sizeBands)),
    ...searchPaging({ sortOrders, maxPage, maxPerPage }),
  })
  .strict()

export type SearchQueryParams = z.infer<typeof searchQuerySchema>

export const toSearchInput = (query: SearchQueryParams): SearchInput => searchInputOf(facetNames, query)

const LocationSchema = z.object({ lat: z.number(), lon: z.number() }).nullable()

const ActorItemSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    kind: z.enum(actorKinds),
    city: z.string(),
    district: z.string().nullable(),
    sectors: z.array(z.string()),
    offers: z.array(z.string()),
    needs: z.array(z.string()),
    languages: z.array(z.string()),
    size: z.enum(sizeBands),
    founded_year: z.number().nullable(),
    description: LocalizedSchema,
    original_language: z.string(),
    location: LocationSchema,
    founding_partner: z.boolean(),
    member_since: z.string().nullable().openapi({
      description: 'Since when the actor is a member of its city’s cluster; null when it is not',
    }),
    created_at: z.string(),
  })
  .openapi('ActorSummary')

const ActorDetailSchema = ActorItemSchema.extend({
  address: z.string().nullable(),
  employees: z.number().nullable(),
  website: z.string().nullable(),
  email: z.string().nullable(),
  logo_url: z.string().nullable(),
  visibility: z
    .partialRecord(z.enum(restrictableFields), z.enum(visibilityLevels))
    .openapi({ description: 'Who sees each restrictable field; a field not listed is public' }),
  source: z.string().nullable(),
  updated_at: z.string(),
  similar: z.array(z.object({ slug: z.string(), name: z.string() })),
}).openapi('Actor')

const iso = (v: string | Date) => new Date(v).toISOString()

export function toApiItem(row: ActorListRow) {
  return {
    slug: row.slug,
    name: row.name,
    kind: row.kind as (typeof actorKinds)[number],
    city: row.cluster_id,
    district: row.district_id,
    sectors: row.sectors,
    offers: row.offers,
    needs: row.needs,
    languages: row.languages,
    size: row.size_band as (typeof sizeBands)[number],
    founded_year: row.founded_year,
    description: row.description,
    original_language: row.original_language,
    location: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
    founding_partner: row.founding_partner,
    member_since: row.member_since ? iso(row.member_since) : null,
    created_at: iso(row.created_at),
  }
}

function toApiDetail(actor: ActorRow, similar: ActorListRow[]) {
  return {
    ...toApiItem({
      ...actor,
      cluster_id: actor.clusterId,
      district_id: actor.districtId,
      size_band: actor.sizeBand,
      founded_year: actor.foundedYear,
      original_language: actor.originalLanguage,
      logo_url: actor.logoUrl,
      founding_partner: actor.foundingPartner,
      member_since: actor.memberSince,
      created_at: actor.createdAt,
      description: actor.description as Record<string, string>,
    }),
    address: actor.address,
    employees: actor.employees,
    website: actor.website,
    email: actor.email,
    logo_url: actor.logoUrl,
    visibility: actor.visibility,
    source: actor.source,
    updated_at: iso(actor.updatedAt),
    similar: similar.map((s) => ({ slug: s.slug, name: s.name })),
  }
}

export function actorsApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/actors',
      tags: ['Directory'],
      summary: 'Search the directory of creative actors, with facet counts',
      request: { query: searchQuerySchema },
      responses: {
        200: searchPageSchema(ActorItemSchema, facetNames, 'One page of matching actors'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const result = await searchActors(c.get('ctx'), toSearchInput(c.req.valid('query')))
      return c.json(searchPage(result, toApiItem), 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'get',
      path: '/actors/{slug}',
      tags: ['Directory'],
      summary: 'One actor’s public profile',
      request: { params: z.object({ slug: z.string().max(120) }) },
      responses: { 200: jsonContent(ActorDetailSchema, 'The actor'), ...errorResponses },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const actor = await getActor(ctx, parseSlug(c.req.valid('param').slug))
      return c.json(toApiDetail(actor, await similarActors(ctx, actor)), 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'get',
      path: '/geo/actors',
      tags: ['Directory'],
      summary: 'The same search as GeoJSON points for a map, optionally in a bounding box',
      description: [
        'Without `bbox`: every matching actor with a location as a Point, at most 5,000 (`truncated: true` says when more matched).',
        '',
        `With \`bbox\`: the matching actors inside the box whose location the reader may see. Up to ${mapPointLimit.toLocaleString('en')} of them come as Points;`,
        'above that the answer is groups counted on a grid (the cell a power of two of degrees, about 48 cells along the',
        "box's longer side), each a Point at its actors' mean position with `cluster: true` and `count`, so the answer",
        'stays well under 1 MB however dense the box is. The collection says which it is with the foreign members',
        '`clustered` (true or false) and `total` (how many actors are in the box).',
      ].join('\n'),
      request: {
        query: searchQuerySchema.omit({ sort: true, page: true, per_page: true }).extend({ bbox: bboxParam }),
      },
      responses: {
        200: geoCollectionResponse,
        ...errorResponses,
      },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const { bbox, ...query } = c.req.valid('query')
      const box = parseBbox(ctx.i18n, bbox)
      const input = toSearchInput({ ...query, sort: 'relevance', page: 1, per_page: 1 })
      const point = (lon: number, lat: number) => ({ type: 'Point' as const, coordinates: [lon, lat] })
      const actorFeature = (p: GeoRow) => ({
        type: 'Feature' as const,
        geometry: point(p.lon, p.lat),
        properties: { slug: p.slug, name: p.name, kind: p.kind, sector: p.sector, city: p.cluster_id },
      })
      const headers = { 'content-type': 'application/geo+json; charset=utf-8' }
      if (!box) {
        const { points, truncated } = await actorPoints(ctx, input)
        return c.json(
          { type: 'FeatureCollection' as const, truncated, features: points.map(actorFeature) },
          200,
          headers,
        )
      }
      const found = await actorsInBox(ctx, input, box)
      return c.json(
        {
          type: 'FeatureCollection' as const,
          clustered: found.clustered,
          total: found.total,
          features: found.clustered ? found.groups.map(groupFeature) : found.points.map(actorFeature),
        },
        200,
        headers,
      )
    },
  )
}
