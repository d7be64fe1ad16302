import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { ErrorSchema, errorResponses, jsonContent, LocalizedSchema } from '../../core/api'
import { bboxParam, parseBbox } from '../../core/geo'
import { type AppEnv, type Ctx, parseId, parseSlug } from '../../core/http'
import {
  addMilestone,
  type DistrictView,
  datePrecisions,
  districtFeatures,
  districtIndicators,
  districtPatchSchema,
  districtStatuses,
  getDistrict,
  listDistrictViews,
  listMilestones,
  type Milestone,
  milestoneSchema,
  removeMilestone,
  setMilestoneImage,
  updateDistrict,
  updateMilestone,
} from './service'
import { uploadLimit } from './uploads'

const refusals = {
  401: jsonContent(ErrorSchema, 'Not signed in (the session cookie authenticates)'),
  403: jsonContent(ErrorSchema, 'Not allowed for this person'),
} as const

const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
})

const slugParam = z.object({ slug: z.string().max(120) })
const milestoneParam = slugParam.extend({ id: z.string().max(20) })

const GeometrySchema = z
  .object({ type: z.enum(['Polygon', 'MultiPolygon', 'Point']), coordinates: z.array(z.any()) })
  .openapi('DistrictGeometry')

const DistrictSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    city: z.string(),
    status: z.enum(districtStatuses),
    description: LocalizedSchema,
    former_use: z.string().nullable(),
    source: z.string().nullable(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    boundary: GeometrySchema.nullable(),
    url: z.string(),
  })
  .openapi('District')

const MilestoneSchema = z
  .object({
    id: z.number().int(),
    happened_on: z.string(),
    precision: z.enum(datePrecisions),
    text: LocalizedSchema,
    original_language: z.string(),
    source: z.string().nullable(),
    image_url: z.string().nullable(),
    demo: z.boolean(),
  })
  .openapi('DistrictMilestone')

const IndicatorsSchema = z
  .object({
    months: z.array(z.string()).openapi({ description: 'Month ends, YYYY-MM, oldest first' }),
    series: z.array(z.object({ key: z.string(), label: z.string(), values: z.array(z.number()) })),
  })
  .openapi('DistrictIndicators')

const districtJson = (ctx: Ctx, d: DistrictView) => ({
  id: d.id,
  name: d.name,
  city: d.city.id,
  status: d.status,
  description: d.description,
  former_use: d.formerUse,
  source: d.source,
  lat: d.lat,
  lon: d.lon,
  boundary: d.boundary,
  url: `${ctx.config.publicUrl}/${ctx.i18n.locale}/districts/${d.id}`,
})

const milestoneJson = (m: Milestone) => ({
  id: m.id,
  happened_on: m.happenedOn,
  precision: m.datePrecision,
  text: m.text,
  original_language: m.originalLanguage,
  source: m.source,
  image_url: m.imageUrl,
  demo: m.demo,
})

const milestoneBody = milestoneSchema.openapi('DistrictMilestoneInput')

export function districtsApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/districts',
      tags: ['Districts'],
      summary: 'Districts of the network with their renewal status, optionally of one city',
      request: { query: z.object({ city: z.string().max(60).optional() }) },
      responses: {
        200: jsonContent(z.object({ items: z.array(DistrictSchema) }), 'The districts'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const districts = await listDistrictViews(ctx, c.req.valid('query').city)
      return c.json({ items: districts.map((d) => districtJson(ctx, d)) }, 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'get',
      path: '/districts/{slug}',
      tags: ['Districts'],
      summary: 'A district: status, boundary, milestones and its indicators over the last 24 months',
      request: { params: slugParam },
      responses: {
        200: jsonContent(
          DistrictSchema.extend({ milestones: z.array(MilestoneSchema), indicators: IndicatorsSchema }),
          'The district',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const district = await getDistrict(ctx, parseSlug(c.req.valid('param').slug))
      const [milestones, indicators] = await Promise.all([
        listMilestones(ctx, district.id),
        districtIndicators(ctx, district.id),
      ])
      return c.json(
        {
          ...districtJson(ctx, district),
          milestones: milestones.map(milestoneJson),
          indicators: {
            months: indicators.months,
            series: indicators.series.map((s) => ({ ...s, label: ctx.i18n.t(s.key) })),
          },
        },
        200,
      )
    },
  )

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/districts/{slug}',
      tags: ['Districts'],
      summary:
        'Change a district’s status, description per language or boundary (GeoJSON Polygon/MultiPolygon as text; empty removes it) — its cluster managers and the network admin',
      request: { params: slugParam, ...jsonBody(districtPatchSchema.openapi('DistrictPatch')) },
      responses: {
        200: jsonContent(DistrictSchema, 'Saved'),
        ...errorResponses,
        ...refusals,
        422: jsonContent(ErrorSchema, 'A field is wrong'),
      },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const district = await updateDistrict(ctx, parseSlug(c.req.valid('param').slug), c.req.valid('json'))
      return c.json(districtJson(ctx, district), 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/districts/{slug}/milestones',
      tags: ['Districts'],
      summary: 'Add a dated milestone to a district’s story — its cluster managers and the network admin',
      request: { params: slugParam, ...jsonBody(milestoneBody) },
      responses: {
        201: jsonContent(MilestoneSchema, 'Added'),
        ...errorResponses,
        ...refusals,
        422: jsonContent(ErrorSchema, 'A field is wrong'),
      },
    }),
    async (c) => {
      const milestone = await addMilestone(
        c.get('ctx'),
        parseSlug(c.req.valid('param').slug),
        c.req.valid('json'),
      )
      return c.json(milestoneJson(milestone), 201)
    },
  )

  api.openapi(
    createRoute({
      method: 'put',
      path: '/districts/{slug}/milestones/{id}',
      tags: ['Districts'],
      summary: 'Change a milestone (its image stays) — its cluster managers and the network admin',
      request: { params: milestoneParam, ...jsonBody(milestoneBody) },
      responses: {
        200: jsonContent(MilestoneSchema, 'Saved'),
        ...errorResponses,
        ...refusals,
        422: jsonContent(ErrorSchema, 'A field is wrong'),
      },
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param')
      const milestone = await updateMilestone(c.get('ctx'), parseSlug(slug), parseId(id), c.req.valid('json'))
      return c.json(milestoneJson(milestone), 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'put',
      path: '/districts/{slug}/milestones/{id}/image',
      tags: ['Districts'],
      summary: 'Set a milestone’s image (PNG, JPEG or WebP, at most 5 MB; stored re-encoded as WebP)',
      middleware: [uploadLimit] as const,
      request: {
        params: milestoneParam,
        body: {
          required: true,
          content: Object.fromEntries(
            ['image/png', 'image/jpeg', 'image/webp'].map((type) => [
              type,
              { schema: z.string().openapi({ format: 'binary' }) },
            ]),
          ),
        },
      },
      responses: {
        200: jsonContent(MilestoneSchema, 'Stored'),
        ...errorResponses,
        ...refusals,
        422: jsonContent(ErrorSchema, 'Not an image'),
      },
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param')
      const bytes = new Uint8Array(await c.req.arrayBuffer())
      const milestone = await setMilestoneImage(c.get('ctx'), parseSlug(slug), parseId(id), bytes)
      return c.json(milestoneJson(milestone), 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/districts/{slug}/milestones/{id}',
      tags: ['Districts'],
      summary: 'Remove a milestone — its cluster managers and the network admin',
      request: { params: milestoneParam },
      responses: { 204: { description: 'Removed' }, ...errorResponses, ...refusals },
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param')
      await removeMilestone(c.get('ctx'), parseSlug(slug), parseId(id))
      return c.body(null, 204)
    },
  )

  api.openapi(
    createRoute({
      method: 'get',
      path: '/geo/districts',
      tags: ['Districts'],
      summary:
        'Districts as GeoJSON: the boundary where one is known, else a point (`approximate` when it is only the city’s point); properties id, name, city, status, url',
      request: { query: z.object({ bbox: bboxParam, city: z.string().max(60).optional() }) },
      responses: {
        200: {
          description: 'A GeoJSON FeatureCollection',
          content: {
            'application/geo+json': {
              schema: z.object({ type: z.literal('FeatureCollection') }).passthrough(),
            },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const query = c.req.valid('query')
      const collection = await districtFeatures(ctx, {
        bbox: parseBbox(ctx.i18n, query.bbox),
        city: query.city,
      })
      return c.json(collection, 200, { 'content-type': 'application/geo+json; charset=utf-8' })
    },
  )
}
