import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { errorResponses, jsonContent, LocalizedSchema } from '../../core/api'
import { type AppEnv, parseSlug } from '../../core/http'
import { type ClusterOverview, getCluster, listClusterOverviews } from './service'

const ClusterSchema = z
  .object({
    id: z.string(),
    name: LocalizedSchema,
    city: z.string(),
    city_en: z.string(),
    country: z.string(),
    language: z.string(),
    accent: z.string(),
    location: z.object({ lat: z.number(), lon: z.number() }),
    population: z.number().nullable(),
    population_date: z.string().nullable(),
    source: z.string().nullable(),
    figures: z.object({ actors: z.number().int(), sectors: z.number().int() }),
  })
  .openapi('Cluster')

const ClusterDetailSchema = ClusterSchema.extend({
  contact: z.object({ slug: z.string(), name: z.string() }).nullable(),
  districts: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      name_en: z.string().nullable(),
      location: z.object({ lat: z.number(), lon: z.number() }).nullable(),
      description: LocalizedSchema,
      former_use: z.string().nullable(),
      source: z.string().nullable(),
    }),
  ),
  sector_mix: z.array(z.object({ sector: z.string(), actors: z.number().int() })),
  published_figures: z.array(
    z.object({
      indicator: z.string(),
      value: z.number().nullable(),
      unit: z.string().nullable(),
      year: z.string().nullable(),
      source: z.string(),
    }),
  ),
}).openapi('ClusterDetail')

function toApiCluster(c: ClusterOverview) {
  return {
    id: c.id,
    name: c.name as Record<string, string>,
    city: c.cityName,
    city_en: c.cityNameEn,
    country: c.country,
    language: c.language,
    accent: c.accent,
    location: { lat: c.lat, lon: c.lon },
    population: c.population,
    population_date: c.populationDate,
    source: c.source,
    figures: { actors: c.actorCount, sectors: c.sectorCount },
  }
}

export function networkApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/clusters',
      tags: ['Network'],
      summary: 'Every city cluster of the network with its figures',
      responses: { 200: jsonContent(z.object({ items: z.array(ClusterSchema) }), 'Clusters') },
    }),
    async (c) => c.json({ items: (await listClusterOverviews(c.get('ctx'))).map(toApiCluster) }, 200),
  )
  api.openapi(
    createRoute({
      method: 'get',
      path: '/clusters/{city}',
      tags: ['Network'],
      summary: 'One city cluster: contact point, districts, sector mix, published figures',
      request: { params: z.object({ city: z.string().max(60) }) },
      responses: { 200: jsonContent(ClusterDetailSchema, 'The cluster'), ...errorResponses },
    }),
    async (c) => {
      const detail = await getCluster(c.get('ctx'), parseSlug(c.req.valid('param').city))
      return c.json(
        {
          ...toApiCluster(detail.cluster),
          contact: detail.contact ? { slug: detail.contact.slug, name: detail.contact.name } : null,
          districts: detail.districts.map((d) => ({
            id: d.id,
            name: d.name,
            name_en: d.nameEn,
            location: d.lat !== null && d.lon !== null ? { lat: d.lat, lon: d.lon } : null,
            description: d.description as Record<string, string>,
            former_use: d.formerUse,
            source: d.source,
          })),
          sector_mix: detail.sectorMix,
          published_figures: detail.figures.map(({ indicator, value, unit, year, source }) => ({
            indicator,
            value,
            unit,
            year,
            source,
          })),
        },
        200,
      )
    },
  )
}
