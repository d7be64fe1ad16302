import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { ErrorSchema, errorResponses, jsonContent } from '../../core/api'
import { type AppEnv, parseSlug } from '../../core/http'
import { connectionStatuses } from './schema'
import {
  connectionCounts,
  connectionKinds,
  connectionsBySector,
  connectionsOfOrganisation,
  decideConnection,
  decisionSchema,
  endConnection,
  proposalSchema,
  proposeConnection,
  type ShownConnection,
} from './service'

const refusals = {
  401: jsonContent(ErrorSchema, 'Not signed in (the session cookie authenticates the API)'),
  403: jsonContent(ErrorSchema, 'Not an admin of the organisation'),
  409: jsonContent(
    ErrorSchema,
    'The same relation exists already, or the connection is not in a state that allows this',
  ),
  422: jsonContent(ErrorSchema, 'A field is not acceptable'),
} as const

const reach = z
  .enum(['local', 'national', 'cross_border'])
  .openapi({ description: 'Same city, another city of the same country, or another country' })

const GraphSchema = z
  .object({
    cities: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        country: z.string(),
        local: z.number().int(),
        national: z.number().int(),
        cross_border: z.number().int(),
      }),
    ),
    pairs: z.array(
      z.object({
        a: z.string(),
        b: z.string().openapi({ description: 'Equal to a for the local links of a city' }),
        links: z.number().int(),
        reach,
      }),
    ),
    sectors: z.array(z.object({ sector: z.string(), links: z.number().int() })).openapi({
      description: 'Links per sector of either end (a link between two sectors counts for both)',
    }),
    totals: z.object({
      links: z.number().int(),
      local: z.number().int(),
      national: z.number().int(),
      cross_border: z.number().int(),
    }),
  })
  .openapi('ConnectionGraph')

const ConnectionSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(connectionKinds).openapi({ description: 'What the other organisation is to this one' }),
    status: z.enum(connectionStatuses),
    organisation: z.object({ slug: z.string(), name: z.string(), city: z.string() }),
    cross_border: z.boolean(),
    since: z.string().nullable(),
  })
  .openapi('Connection')

const toApiConnection = (c: ShownConnection) => ({
  id: c.id,
  kind: c.kind,
  status: c.status,
  organisation: { slug: c.other.slug, name: c.other.name, city: c.other.clusterId },
  cross_border: c.crossBorder,
  since: c.decidedAt?.toISOString() ?? null,
})

const slugParam = z.object({ slug: z.string().max(120).openapi({ description: 'The organisation’s slug' }) })
const connectionParams = slugParam.extend({ id: z.coerce.number().int().min(1) })
const StateSchema = z.object({ id: z.number().int(), status: z.enum(connectionStatuses) })

export function connectionsApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/connections/graph',
      tags: ['Connections'],
      summary: 'Confirmed links between each pair of cities, per city and per sector',
      responses: { 200: jsonContent(GraphSchema, 'The network graph'), ...errorResponses },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const [counts, sectors] = await Promise.all([connectionCounts(ctx), connectionsBySector(ctx)])
      return c.json(
        {
          cities: counts.cities.map(({ crossBorder, ...city }) => ({ ...city, cross_border: crossBorder })),
          pairs: counts.pairs,
          sectors,
          totals: {
            links: counts.totals.links,
            local: counts.totals.local,
            national: counts.totals.national,
            cross_border: counts.totals.crossBorder,
          },
        },
        200,
      )
    },
  )

  api.openapi(
    createRoute({
      method: 'get',
      path: '/organisations/{slug}/connections',
      tags: ['Connections'],
      summary: 'An organisation’s confirmed connections',
      request: { params: slugParam },
      responses: {
        200: jsonContent(z.object({ items: z.array(ConnectionSchema) }), 'Confirmed connections'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { connections } = await connectionsOfOrganisation(
        c.get('ctx'),
        parseSlug(c.req.valid('param').slug),
      )
      return c.json({ items: connections.map(toApiConnection) }, 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/organisations/{slug}/connections',
      tags: ['Connections'],
      summary:
        'Propose a connection with this organisation on behalf of one you run (`organisation`); `kind` reads "organisation is a <kind> of slug"',
      request: {
        params: slugParam,
        body: { content: { 'application/json': { schema: proposalSchema.openapi('ConnectionProposal') } } },
      },
      responses: { 201: jsonContent(StateSchema, 'Proposed'), ...errorResponses, ...refusals },
    }),
    async (c) => {
      const row = await proposeConnection(
        c.get('ctx'),
        parseSlug(c.req.valid('param').slug),
        c.req.valid('json'),
      )
      return c.json({ id: row.id, status: row.status }, 201)
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/organisations/{slug}/connections/{id}/decision',
      tags: ['Connections'],
      summary: 'Confirm or decline a connection proposed to this organisation (its admins)',
      request: {
        params: connectionParams,
        body: { content: { 'application/json': { schema: decisionSchema.openapi('ConnectionDecision') } } },
      },
      responses: { 200: jsonContent(StateSchema, 'Decided'), ...errorResponses, ...refusals },
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param')
      const row = await decideConnection(c.get('ctx'), parseSlug(slug), id, c.req.valid('json'))
      return c.json({ id: row.id, status: row.status }, 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/organisations/{slug}/connections/{id}/end',
      tags: ['Connections'],
      summary:
        'Withdraw a proposal this organisation made, or end a confirmed connection (either side’s admins)',
      request: { params: connectionParams },
      responses: { 200: jsonContent(StateSchema, 'Ended or withdrawn'), ...errorResponses, ...refusals },
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param')
      const row = await endConnection(c.get('ctx'), parseSlug(slug), id)
      return c.json({ id: row.id, status: row.status }, 200)
    },
  )
}
