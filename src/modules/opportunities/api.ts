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
import { inTransaction } from '../../core/db/client'
import { type AppEnv, parseSlug } from '../../core/http'
import { locales } from '../../core/i18n'
import {
  closeOpportunity,
  createOpportunity,
  deadlineWindows,
  deleteDraft,
  facetNames,
  getOpportunity,
  inputOf,
  type ListedOpportunity,
  maxPage,
  maxPerPage,
  opportunityReaches,
  opportunityStatuses,
  opportunityTypes,
  pinOpportunity,
  publishOpportunity,
  reopenOpportunity,
  type SearchInput,
  searchOpportunities,
  sortOrders,
  updateOpportunity,
} from './service'

/** The board's filters, shared by the page, the feed and the API. */
export const boardQuerySchema = z
  .object({
    q: searchWords('Words of titles and descriptions, or a capability in any language'),
    type: multiValue(z.enum(opportunityTypes)),
    city: multiValue(facetValue),
    sector: multiValue(facetValue),
    capability: multiValue(facetValue).openapi({ description: 'Capability ids offered or needed' }),
    deadline: multiValue(z.enum(deadlineWindows)),
    reach: multiValue(z.enum(opportunityReaches)),
    ...searchPaging({ sortOrders, maxPage, maxPerPage }),
  })
  .strict()

export type BoardQuery = z.infer<typeof boardQuerySchema>

export const toSearchInput = (query: BoardQuery): SearchInput => searchInputOf(facetNames, query)

const DetailsSchema = z
  .object({
    contractType: z.enum(['permanent', 'fixed_term', 'freelance', 'part_time']).optional(),
    hoursPerWeek: z.number().int().optional(),
    salaryMin: z.number().int().optional(),
    salaryMax: z.number().int().optional(),
    currency: z.string().optional(),
    remote: z.boolean().optional(),
    budget: z.number().int().optional(),
    eligibility: z.string().optional().openapi({ description: 'In the original language' }),
    sizeM2: z.number().int().optional(),
    pricePerMonth: z.number().int().optional(),
    address: z.string().optional(),
  })
  .openapi('OpportunityDetails', {
    description:
      'Job and internship: contractType, hoursPerWeek, salaryMin, salaryMax, currency, remote. Call: budget, currency, eligibility. Workspace: sizeM2, pricePerMonth, currency, address. Fields of other types are ignored.',
  })

const OpportunitySchema = z
  .object({
    slug: z.string(),
    type: z.enum(opportunityTypes),
    status: z.enum(opportunityStatuses),
    organisation: z.object({ slug: z.string(), name: z.string() }).nullable(),
    city: z.string(),
    on_behalf_of_cluster: z.boolean(),
    pinned: z.boolean(),
    reach: z.enum(opportunityReaches),
    title: LocalizedSchema,
    description: LocalizedSchema,
    original_language: z.string(),
    sectors: z.array(z.string()),
    offers: z.array(z.string()),
    needs: z.array(z.string()),
    details: DetailsSchema,
    deadline: z.string().nullable(),
    contact_email: z.string().nullable(),
    published_at: z.string().nullable(),
    updated_at: z.string(),
  })
  .openapi('Opportunity')

// The editable fields as an edit takes them, and what only the platform sets.
const toApi = (o: ListedOpportunity) => ({
  slug: o.slug,
  ...inputOf(o),
  status: o.status,
  organisation: o.posterSlug ? { slug: o.posterSlug, name: o.posterName ?? '' } : null,
  city: o.clusterId,
  on_behalf_of_cluster: o.onBehalfOfCluster,
  pinned: o.pinned,
  deadline: o.deadline,
  contact_email: o.contactEmail,
  published_at: o.publishedAt?.toISOString() ?? null,
  updated_at: o.updatedAt.toISOString(),
})

const FieldsSchema = z.object({
  type: z.enum(opportunityTypes),
  title: LocalizedSchema,
  description: LocalizedSchema,
  original_language: z.enum(locales),
  sectors: z.array(z.string()).openapi({ description: 'Sector ids (taxonomy)' }),
  offers: z.array(z.string()).optional().openapi({ description: 'Capability ids offered' }),
  needs: z.array(z.string()).optional().openapi({ description: 'Capability ids needed' }),
  reach: z.enum(opportunityReaches).optional(),
  deadline: z.string().optional().openapi({ format: 'date' }),
  contact_email: z.string().optional(),
  details: DetailsSchema.optional(),
})

// The service validates every field with translated messages; these schemas only document the body.
const NewOpportunitySchema = FieldsSchema.extend({
  organisation: z.number().int().optional().openapi({ description: 'The posting organisation’s id' }),
  cluster: z
    .string()
    .optional()
    .openapi({ description: 'A city id: posted on behalf of its cluster (its managers)' }),
  status: z.enum(['draft', 'published']).optional(),
}).openapi('NewOpportunity')

const ChangeSchema = FieldsSchema.partial()
  .extend({
    status: z
      .enum(['published', 'closed'])
      .optional()
      .openapi({ description: 'published: publish a draft or reopen; closed: close' }),
    pinned: z.boolean().optional().openapi({ description: 'Pin on the board (the cluster’s managers)' }),
  })
  .openapi('OpportunityChange')

const refusals = {
  401: jsonContent(ErrorSchema, 'Not signed in (the session cookie authenticates the API)'),
  403: jsonContent(ErrorSchema, 'Not allowed'),
  409: jsonContent(ErrorSchema, 'The opportunity is not in a state that allows this'),
  422: jsonContent(ErrorSchema, 'A field is not acceptable'),
} as const

const slugParam = z.object({ slug: z.string().max(120) })

export function opportunitiesApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/opportunities',
      tags: ['Opportunities'],
      summary: 'Search the published opportunities (pinned first), with facet counts',
      request: { query: boardQuerySchema },
      responses: {
        200: searchPageSchema(OpportunitySchema, facetNames, 'One page of opportunities'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const result = await searchOpportunities(c.get('ctx'), toSearchInput(c.req.valid('query')))
      return c.json(searchPage(result, toApi), 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'get',
      path: '/opportunities/{slug}',
      tags: ['Opportunities'],
      summary: 'One opportunity (a draft only for whoever manages it)',
      request: { params: slugParam },
      responses: { 200: jsonContent(OpportunitySchema, 'The opportunity'), ...errorResponses },
    }),
    async (c) => {
      const found = await getOpportunity(c.get('ctx'), parseSlug(c.req.valid('param').slug))
      return c.json(toApi(found), 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/opportunities',
      tags: ['Opportunities'],
      summary:
        'Post an opportunity for an organisation (any of its people) or on behalf of a cluster (its managers)',
      request: { body: { content: { 'application/json': { schema: NewOpportunitySchema } } } },
      responses: { 201: jsonContent(OpportunitySchema, 'Posted'), ...errorResponses, ...refusals },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const row = await createOpportunity(ctx, await c.req.json())
      return c.json(toApi(await getOpportunity(ctx, row.slug)), 201)
    },
  )

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/opportunities/{slug}',
      tags: ['Opportunities'],
      summary: 'Change an opportunity’s fields, publish, close or reopen it, or pin it',
      request: { params: slugParam, body: { content: { 'application/json': { schema: ChangeSchema } } } },
      responses: { 200: jsonContent(OpportunitySchema, 'Changed'), ...errorResponses, ...refusals },
    }),
    async (c) => {
      const slug = parseSlug(c.req.valid('param').slug)
      const { status, pinned, ...fields } = (await c.req.json()) as Record<string, unknown>
      // One change of the API is one transaction: each verb's own becomes a savepoint in it, so a refused
      // status change leaves the fields unchanged too.
      const changed = await inTransaction(c.get('ctx'), async (tx) => {
        const ctx = { ...c.get('ctx'), db: tx }
        if (Object.keys(fields).length) await updateOpportunity(ctx, slug, fields)
        if (status !== undefined) {
          const current = await getOpportunity(ctx, slug)
          if (status === 'closed') await closeOpportunity(ctx, slug)
          else if (status === 'published' && current.status === 'draft') await publishOpportunity(ctx, slug)
          else if (status === 'published')
            await reopenOpportunity(ctx, slug, { deadline: fields.deadline ?? current.deadline })
        }
        if (typeof pinned === 'boolean') await pinOpportunity(ctx, slug, pinned)
        return getOpportunity(ctx, slug)
      })
      return c.json(toApi(changed), 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/opportunities/{slug}',
      tags: ['Opportunities'],
      summary: 'Delete a draft (a published opportunity is closed instead)',
      request: { params: slugParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses, ...refusals },
    }),
    async (c) => {
      await deleteDraft(c.get('ctx'), parseSlug(c.req.valid('param').slug))
      return c.body(null, 204)
    },
  )
}
