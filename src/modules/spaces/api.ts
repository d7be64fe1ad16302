import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import {
  ErrorSchema,
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
import { validationError } from '../../core/errors'
import { storableDate } from '../../core/forms'
import { bboxParam, geoCollectionResponse, groupFeature, parseBbox } from '../../core/geo'
import { type AppEnv, type Ctx, parseId, parseSlug } from '../../core/http'
import { locales } from '../../core/i18n'
import { photosBodyLimit, photoUrl } from './photos'
import type { SpacePointRow } from './queries'
import {
  applyForSpace,
  askApplicant,
  decideApplication,
  decideVacancyReport,
  decisions,
  endTenancy,
  facetNames,
  facilities,
  getSpace,
  inputOf,
  type ListedApplication,
  type ListedSpace,
  listApplications,
  listedStatuses,
  listVacancyReports,
  mapSpaceLimit,
  maxPage,
  maxPerPage,
  maxPoints,
  offerSpace,
  rentBands,
  reportVacancy,
  type SearchInput,
  searchSpaces,
  sizeBands,
  sortOrders,
  spaceConditions,
  spacePhotos,
  spacePoints,
  spaceStatuses,
  spacesInBox,
  spaceTerms,
  spaceTypes,
  titleIn,
  updateSpace,
  type VacancyReportRow,
  withdrawSpace,
} from './service'

/** The list's filters, shared by the page and the API. */
export const spacesQuerySchema = z
  .object({
    q: searchWords('Words of titles, descriptions and addresses'),
    city: multiValue(facetValue),
    district: multiValue(facetValue).openapi({ description: 'District ids, e.g. leipzig-lindenau' }),
    type: multiValue(z.enum(spaceTypes)),
    size: multiValue(z.enum(sizeBands)).openapi({ description: 'Floor area bands in m²' }),
    rent: multiValue(z.enum(rentBands)).openapi({ description: 'Rent bands in euros per month' }),
    terms: multiValue(z.enum(spaceTerms)),
    status: multiValue(z.enum(listedStatuses)).openapi({
      description: 'Without it, the spaces on offer (available or under application)',
    }),
    available_by: z
      .preprocess((v) => (v === '' ? undefined : v), storableDate().optional())
      .openapi({ description: 'Spaces one can move into by this date', format: 'date' }),
    ...searchPaging({ sortOrders, maxPage, maxPerPage }),
  })
  .strict()

export type SpacesQuery = z.infer<typeof spacesQuerySchema>

export const toSearchInput = (query: SpacesQuery): SearchInput => ({
  ...searchInputOf(facetNames, query),
  availableBy: query.available_by,
})

const SpaceSchema = z
  .object({
    slug: z.string(),
    status: z.enum(spaceStatuses),
    owner: z.object({ slug: z.string(), name: z.string() }),
    tenant: z.object({ slug: z.string(), name: z.string() }).nullable(),
    city: z.string(),
    district: z.string().optional(),
    title: LocalizedSchema,
    description: LocalizedSchema,
    original_language: z.string(),
    address: z.string(),
    lat: z.number(),
    lon: z.number(),
    type: z.enum(spaceTypes),
    floor_area: z.number().int().openapi({ description: 'm²' }),
    condition: z.enum(spaceConditions),
    facilities: z.array(z.string()).openapi({ description: `Of: ${facilities.join(', ')}` }),
    terms: z.enum(spaceTerms),
    rent_per_month: z.number().int().optional().openapi({ description: 'Euros; none for meanwhile use' }),
    available_from: z.string(),
    available_to: z.string().optional(),
    accessibility: LocalizedSchema,
    photos: z.array(z.string()).optional().openapi({ description: 'Photo URLs, in order (one space only)' }),
    first_photo: z.string().nullable(),
    demo: z.boolean(),
    updated_at: z.string(),
  })
  .openapi('Space')

const toApi = (s: ListedSpace, photos?: string[]) => ({
  slug: s.slug,
  ...inputOf(s),
  status: s.status,
  owner: { slug: s.ownerSlug, name: s.ownerName },
  tenant: s.tenantSlug ? { slug: s.tenantSlug, name: s.tenantName ?? '' } : null,
  city: s.clusterId,
  photos,
  first_photo: s.firstPhoto ? photoUrl(s.firstPhoto) : null,
  demo: s.demo,
  updated_at: s.updatedAt.toISOString(),
})

const FieldsSchema = z.object({
  title: LocalizedSchema,
  description: LocalizedSchema,
  original_language: z.enum(locales),
  address: z.string(),
  lat: z.number(),
  lon: z.number(),
  district: z.string().optional().openapi({ description: 'A district of the owner’s city' }),
  type: z.enum(spaceTypes),
  floor_area: z.number().int(),
  condition: z.enum(spaceConditions),
  facilities: z.array(z.string()).optional(),
  terms: z.enum(spaceTerms),
  rent_per_month: z.number().int().optional().openapi({ description: 'Required for leases' }),
  available_from: z.string().openapi({ format: 'date' }),
  available_to: z.string().optional().openapi({ format: 'date' }),
  accessibility: LocalizedSchema.optional(),
})

const NewSpaceSchema = FieldsSchema.extend({
  owner: z.number().int().openapi({ description: 'The offering organisation’s id' }),
}).openapi('NewSpace')

const ChangeSchema = FieldsSchema.partial()
  .extend({ remove_photos: z.array(z.number().int()).optional().openapi({ description: 'Photo ids' }) })
  .openapi('SpaceChange')

const ApplicationSchema = z
  .object({
    id: z.number().int(),
    organisation: z.object({
      slug: z.string(),
      name: z.string(),
      city: z.string(),
      sectors: z.array(z.string()),
    }),
    proposal: z.string(),
    people: z.number().int(),
    hours: z.string(),
    contribution: z.string(),
    status: z.string(),
    conversation: z.number().int().nullable(),
    created_at: z.string(),
  })
  .openapi('SpaceApplication')

const applicationToApi = (a: ListedApplication) => ({
  id: a.id,
  organisation: { slug: a.actorSlug, name: a.actorName, city: a.actorClusterId, sectors: a.actorSectors },
  proposal: a.proposal,
  people: a.people,
  hours: a.hours,
  contribution: a.contribution,
  status: a.status,
  conversation: a.conversationId,
  created_at: a.createdAt.toISOString(),
})

const NewApplicationSchema = z
  .object({
    organisation: z.number().int().openapi({ description: 'The applying organisation’s id' }),
    proposal: z.string().openapi({ description: 'What it will do there (20–2000 characters)' }),
    people: z.number().int(),
    hours: z.string().openapi({ description: 'Hours or opening times' }),
    contribution: z.string().openapi({ description: 'What it brings to the district (20–2000 characters)' }),
  })
  .openapi('NewSpaceApplication')

const VacancyReportSchema = z
  .object({
    id: z.number().int(),
    city: z.string(),
    district: z.string().nullable(),
    address: z.string(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    note: z.string(),
    status: z.string(),
    space: z.number().int().nullable(),
    created_at: z.string(),
  })
  .openapi('VacancyReport')

const reportToApi = (r: VacancyReportRow) => ({
  id: r.id,
  city: r.clusterId,
  district: r.districtId,
  address: r.address,
  lat: r.lat,
  lon: r.lon,
  note: r.note,
  status: r.status,
  space: r.spaceId,
  created_at: r.createdAt.toISOString(),
})

const refusals = {
  401: jsonContent(ErrorSchema, 'Not signed in (the session cookie authenticates the API)'),
  403: jsonContent(ErrorSchema, 'Not allowed'),
  409: jsonContent(ErrorSchema, 'The space is not in a state that allows this'),
  422: jsonContent(ErrorSchema, 'A field is not acceptable'),
} as const

const slugParam = z.object({ slug: z.string().max(120) })
const applicationParams = z.object({ slug: z.string().max(120), id: z.string().max(20) })

/** A space with its photos, as one answer. */
async function spaceAnswer(ctx: Ctx, slug: string) {
  const space = await getSpace(ctx, slug)
  const photos = await spacePhotos(ctx, space.id)
  return toApi(
    space,
    photos.map((p) => photoUrl(p.storageKey)),
  )
}

const geoQuerySchema = z
  .object({
    bbox: bboxParam,
    city: multiValue(facetValue),
    district: multiValue(facetValue),
    type: multiValue(z.enum(spaceTypes)),
    status: multiValue(z.enum(listedStatuses)),
    min_area: z.coerce.number().int().min(0).max(1_000_000).optional(),
    max_area: z.coerce.number().int().min(0).max(1_000_000).optional(),
    lang: z.enum(locales).optional(),
  })
  .strict()

export function spacesApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/spaces',
      tags: ['Spaces'],
      summary: 'Search the spaces on offer (or, with status, let ones), with facet counts',
      request: { query: spacesQuerySchema },
      responses: { 200: searchPageSchema(SpaceSchema, facetNames, 'One page of spaces'), ...errorResponses },
    }),
    async (c) => {
      const result = await searchSpaces(c.get('ctx'), toSearchInput(c.req.valid('query')))
      return c.json(
        searchPage(result, (s) => toApi(s)),
        200,
      )
    },
  )

  api.openapi(
    createRoute({
      method: 'get',
      path: '/spaces/{slug}',
      tags: ['Spaces'],
      summary: 'One space with its photos (a withdrawn one only for its owner’s people)',
      request: { params: slugParam },
      responses: { 200: jsonContent(SpaceSchema, 'The space'), ...errorResponses },
    }),
    async (c) => c.json(await spaceAnswer(c.get('ctx'), parseSlug(c.req.valid('param').slug)), 200),
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/spaces',
      tags: ['Spaces'],
      summary: 'Offer a space for an organisation (any of its people); it is available at once',
      request: { body: { content: { 'application/json': { schema: NewSpaceSchema } } } },
      responses: { 201: jsonContent(SpaceSchema, 'Offered'), ...errorResponses, ...refusals },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const row = await offerSpace(ctx, await c.req.json())
      return c.json(await spaceAnswer(ctx, row.slug), 201)
    },
  )

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/spaces/{slug}',
      tags: ['Spaces'],
      summary: 'Change a space’s fields or remove photos (its owner’s people)',
      request: { params: slugParam, body: { content: { 'application/json': { schema: ChangeSchema } } } },
      responses: { 200: jsonContent(SpaceSchema, 'Changed'), ...errorResponses, ...refusals },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const slug = parseSlug(c.req.valid('param').slug)
      await updateSpace(ctx, slug, (await c.req.json()) as Record<string, unknown>)
      return c.json(await spaceAnswer(ctx, slug), 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/spaces/{slug}/photos',
      tags: ['Spaces'],
      summary:
        'Add a photo (PNG, JPEG or WebP, at most 5 MB, eight a space); stored as WebP without metadata',
      middleware: [photosBodyLimit] as const,
      request: {
        params: slugParam,
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
        200: jsonContent(SpaceSchema, 'Stored'),
        ...errorResponses,
        ...refusals,
        413: jsonContent(ErrorSchema, 'Far too large'),
      },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const slug = parseSlug(c.req.valid('param').slug)
      await updateSpace(ctx, slug, {}, [new Uint8Array(await c.req.arrayBuffer())])
      return c.json(await spaceAnswer(ctx, slug), 200)
    },
  )

  const stateChange = (path: string, summary: string, run: (ctx: Ctx, slug: string) => Promise<unknown>) =>
    api.openapi(
      createRoute({
        method: 'post',
        path: `/spaces/{slug}/${path}`,
        tags: ['Spaces'],
        summary,
        request: { params: slugParam },
        responses: { 200: jsonContent(SpaceSchema, 'Changed'), ...errorResponses, ...refusals },
      }),
      async (c) => {
        const ctx = c.get('ctx')
        const slug = parseSlug(c.req.valid('param').slug)
        await run(ctx, slug)
        return c.json(await spaceAnswer(ctx, slug), 200)
      },
    )

  stateChange('withdraw', 'Withdraw a space from the offer; open applications are declined', withdrawSpace)
  stateChange('end-tenancy', 'End the tenancy of a let space: it is available again', endTenancy)

  api.openapi(
    createRoute({
      method: 'post',
      path: '/spaces/{slug}/applications',
      tags: ['Spaces'],
      summary: 'Apply for a space for an organisation (its people; not the owner’s), once per space',
      request: {
        params: slugParam,
        body: { content: { 'application/json': { schema: NewApplicationSchema } } },
      },
      responses: { 201: jsonContent(ApplicationSchema, 'Sent'), ...errorResponses, ...refusals },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const slug = parseSlug(c.req.valid('param').slug)
      const row = await applyForSpace(ctx, slug, await c.req.json())
      const { applications } = await listApplications(ctx, slug)
      return c.json(applicationToApi(applications.find((a) => a.id === row.id)!), 201)
    },
  )

  api.openapi(
    createRoute({
      method: 'get',
      path: '/spaces/{slug}/applications',
      tags: ['Spaces'],
      summary: 'The applications: all for the owner’s people, an applicant’s own for its people',
      request: { params: slugParam },
      responses: {
        200: jsonContent(z.object({ items: z.array(ApplicationSchema) }), 'The applications'),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const { applications } = await listApplications(c.get('ctx'), parseSlug(c.req.valid('param').slug))
      return c.json({ items: applications.map(applicationToApi) }, 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/spaces/{slug}/applications/{id}/decision',
      tags: ['Spaces'],
      summary:
        'Shortlist, decline or choose an application (the owner’s people); choosing lets the space and declines the others',
      request: {
        params: applicationParams,
        body: {
          content: { 'application/json': { schema: z.object({ decision: z.enum(decisions) }) } },
        },
      },
      responses: { 200: jsonContent(ApplicationSchema, 'Decided'), ...errorResponses, ...refusals },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const slug = parseSlug(c.req.valid('param').slug)
      const id = parseId(c.req.valid('param').id)
      await decideApplication(ctx, slug, id, await c.req.json())
      const { applications } = await listApplications(ctx, slug)
      return c.json(applicationToApi(applications.find((a) => a.id === id)!), 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/spaces/{slug}/applications/{id}/conversation',
      tags: ['Spaces'],
      summary: 'Open (once) a conversation with the applicant to ask questions (the owner’s people)',
      request: { params: applicationParams },
      responses: {
        200: jsonContent(z.object({ conversation: z.number().int(), url: z.string() }), 'The conversation'),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const params = c.req.valid('param')
      const id = await askApplicant(ctx, parseSlug(params.slug), parseId(params.id))
      return c.json({ conversation: id, url: `/${ctx.i18n.locale}/messages/${id}` }, 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'get',
      path: '/vacancy-reports',
      tags: ['Spaces'],
      summary: 'A city’s vacancy reports in one state (its cluster managers)',
      request: {
        query: z.object({
          city: z.string().max(60),
          status: z.enum(['open', 'verified', 'rejected']).default('open'),
          lang: z.enum(locales).optional(),
        }),
      },
      responses: {
        200: jsonContent(z.object({ items: z.array(VacancyReportSchema) }), 'The reports'),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const query = c.req.valid('query')
      const { reports } = await listVacancyReports(c.get('ctx'), query.city, query.status)
      return c.json({ items: reports.map(reportToApi) }, 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/vacancy-reports',
      tags: ['Spaces'],
      summary: 'Report a vacant building (people of the network’s member organisations)',
      request: {
        body: {
          content: {
            'application/json': {
              schema: z
                .object({
                  city: z.string(),
                  address: z.string(),
                  lat: z.number().optional(),
                  lon: z.number().optional(),
                  district: z.string().optional(),
                  note: z.string().openapi({ description: 'What the reporter knows (10–2000 characters)' }),
                })
                .openapi('NewVacancyReport'),
            },
          },
        },
      },
      responses: { 201: jsonContent(VacancyReportSchema, 'Reported'), ...errorResponses, ...refusals },
    }),
    async (c) => c.json(reportToApi(await reportVacancy(c.get('ctx'), await c.req.json())), 201),
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/vacancy-reports/{id}/decision',
      tags: ['Spaces'],
      summary:
        'Verify a report (optionally offering it as a space of an organisation of the city, with the space’s fields) or reject it with a reason (the city’s cluster managers)',
      request: {
        params: z.object({ id: z.string().max(20) }),
        body: {
          content: {
            'application/json': {
              schema: FieldsSchema.partial()
                .extend({
                  decision: z.enum(['verify', 'reject']),
                  reason: z.string().optional().openapi({ description: 'Required to reject' }),
                  owner: z
                    .number()
                    .int()
                    .optional()
                    .openapi({ description: 'Offer it as this organisation’s space' }),
                })
                .openapi('VacancyDecision'),
            },
          },
        },
      },
      responses: {
        200: jsonContent(z.object({ status: z.string(), space: z.string().nullable() }), 'Decided'),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const result = await decideVacancyReport(
        c.get('ctx'),
        parseId(c.req.valid('param').id),
        (await c.req.json()) as Record<string, unknown>,
      )
      return c.json({ status: result.status, space: result.space?.slug ?? null }, 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'get',
      path: '/geo/spaces',
      tags: ['Spaces'],
      summary: 'Spaces as GeoJSON points for a map, optionally in a bounding box',
      description: [
        `Without \`bbox\`: the matching listed spaces as Points, newest first, at most ${maxPoints.toLocaleString('en')} (\`truncated: true\` and \`total\` say when more matched).`,
        '',
        `With \`bbox\`: the matching listed spaces inside the box. Up to ${mapSpaceLimit.toLocaleString('en')} of them come as Points;`,
        'above that the answer is groups counted on a grid (the cell a power of two of degrees, about 48 cells along the',
        "box's longer side, the same grid as the actors'), each a Point at its spaces' mean position with `cluster: true`",
        'and `count`, so the answer stays well under 1 MB however many spaces the box holds. The collection says which',
        'it is with the foreign members `clustered` (true or false) and `total` (how many spaces are in the box).',
      ].join('\n'),
      request: { query: geoQuerySchema },
      responses: {
        200: geoCollectionResponse,
        ...errorResponses,
      },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const query = c.req.valid('query')
      if (query.min_area !== undefined && query.max_area !== undefined && query.min_area > query.max_area)
        throw validationError(
          new z.ZodError([{ code: 'custom', path: ['max_area'], message: 'format', input: query.max_area }]),
          ctx.i18n,
        )
      const box = parseBbox(ctx.i18n, query.bbox)
      const input = {
        filters: { city: query.city, district: query.district, type: query.type, status: query.status },
        minArea: query.min_area,
        maxArea: query.max_area,
      }
      const lang = ctx.i18n.locale
      const spaceFeature = (p: SpacePointRow) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
        properties: {
          slug: p.slug,
          title: titleIn({ title: p.title, originalLanguage: p.original_language }, lang),
          type: p.type,
          status: p.status,
          floor_area: p.floor_area,
          rent_per_month: p.rent_per_month,
          url: `/${lang}/spaces/${p.slug}`,
        },
      })
      const headers = { 'content-type': 'application/geo+json; charset=utf-8' }
      if (!box) {
        const { points, total, truncated } = await spacePoints(ctx, input)
        return c.json(
          {
            type: 'FeatureCollection' as const,
            ...(truncated ? { truncated: true, total } : {}),
            features: points.map(spaceFeature),
          },
          200,
          headers,
        )
      }
      const found = await spacesInBox(ctx, input, box)
      return c.json(
        {
          type: 'FeatureCollection' as const,
          clustered: found.clustered,
          total: found.total,
          features: found.clustered ? found.groups.map(groupFeature) : found.points.map(spaceFeature),
        },
        200,
        headers,
      )
    },
  )
}
