import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { ErrorSchema, errorResponses, jsonContent } from '../../core/api'
import { type AppEnv, parseSlug } from '../../core/http'
import { introductionStatuses } from './schema'
import {
  answerIntroduction,
  answerSchema,
  dismissalSchema,
  dismissRecommendation,
  introduceOrganisations,
  introductionRequestSchema,
  introductionsOf,
  managerIntroductionSchema,
  matchKinds,
  maxMatches,
  type Reason,
  reasonCodes,
  reasonWriter,
  recommendationsFor,
  requestIntroduction,
} from './service'

const refusals = {
  401: jsonContent(ErrorSchema, 'Not signed in (the session cookie authenticates the API)'),
  403: jsonContent(
    ErrorSchema,
    'Not one of the organisation’s people (or, to introduce, not a cluster manager)',
  ),
  409: jsonContent(ErrorSchema, 'An introduction of the two is open already, or this side has answered'),
  422: jsonContent(ErrorSchema, 'A field is not acceptable'),
} as const

const ReasonSchema = z
  .object({
    code: z.enum(reasonCodes),
    points: z
      .number()
      .openapi({ description: 'What this reason adds to the score (negative: ranked lower)' }),
    text: z
      .string()
      .openapi({ description: 'The reason in the reader’s language (`lang` or Accept-Language)' }),
    values: z.record(z.string(), z.union([z.string(), z.array(z.string())])).openapi({
      description:
        'What the reason names: capability, sector or language ids, a city id, a partner; `from_text` lists capabilities read from the description',
    }),
  })
  .openapi('MatchReason')

const MatchSchema = z
  .object({
    score: z.number().openapi({ description: 'The sum of the reasons’ points; higher is better' }),
    reasons: z.array(ReasonSchema),
    actor: z
      .object({ slug: z.string(), name: z.string(), kind: z.string(), city: z.string(), url: z.string() })
      .optional(),
    opportunity: z
      .object({
        slug: z.string(),
        title: z.string(),
        type: z.string(),
        city: z.string(),
        deadline: z.string().nullable(),
        url: z.string(),
      })
      .optional(),
  })
  .openapi('Match')

const slugParam = z.object({ slug: z.string().max(120).openapi({ description: 'The organisation’s slug' }) })

const IntroductionSchema = z
  .object({
    id: z.number().int(),
    organisation: z.object({ slug: z.string(), name: z.string() }),
    asked_by_us: z.boolean(),
    by_cluster: z.string().nullable(),
    note: z.string(),
    our_answer: z.string(),
    their_answer: z.string(),
    status: z.enum(introductionStatuses),
    conversation: z.number().int().nullable(),
    created_at: z.string(),
  })
  .openapi('Introduction')

export function matchingApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/actors/{slug}/matches',
      tags: ['Matchmaking'],
      summary: 'Recommended partners or opportunities for an organisation, best first, each with its reasons',
      description:
        'For the organisation’s people (its city’s cluster managers and the network admin may look too). Partners: organisations that offer what it needs or need what it offers — picked from the taxonomy or named in a description in any language —, scored by complementarity, sector, languages, size, recent activity, partners of partners and a tunable preference for other countries.',
      request: {
        params: slugParam,
        query: z
          .object({
            kind: z.enum(matchKinds).default('partners'),
            limit: z.coerce.number().int().min(1).max(maxMatches).default(10),
            lang: z.string().max(5).optional(),
          })
          .strict(),
      },
      responses: {
        200: jsonContent(
          z.object({ kind: z.enum(matchKinds), items: z.array(MatchSchema) }),
          'Ranked recommendations',
        ),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const { kind, limit } = c.req.valid('query')
      const [found, writer] = await Promise.all([
        recommendationsFor(ctx, parseSlug(c.req.valid('param').slug), { limit, kinds: [kind] }),
        reasonWriter(ctx),
      ])
      const lang = ctx.i18n.locale
      const reasons = (list: Reason[]) => list.map((r) => ({ ...r, text: writer.text(r) }))
      const items =
        kind === 'partners'
          ? found.partners.map((p) => ({
              score: p.score,
              reasons: reasons(p.reasons),
              actor: {
                slug: p.actor.slug,
                name: p.actor.name,
                kind: p.actor.kind,
                city: p.actor.cluster_id,
                url: `/${lang}/actors/${p.actor.slug}`,
              },
            }))
          : found.opportunities.map((o) => ({
              score: o.score,
              reasons: reasons(o.reasons),
              opportunity: {
                slug: o.opportunity.slug,
                title: ctx.i18n.text(o.opportunity.title, o.opportunity.original_language).text,
                type: o.opportunity.type,
                city: o.opportunity.cluster_id,
                deadline: o.opportunity.deadline,
                url: `/${lang}/opportunities/${o.opportunity.slug}`,
              },
            }))
      return c.json({ kind, items }, 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/actors/{slug}/matches/dismissals',
      tags: ['Matchmaking'],
      summary:
        '"Not interested": set a recommended partner (`actor`) or opportunity aside for this organisation',
      description: 'It is not recommended again, and what shares its sectors ranks a little lower.',
      request: {
        params: slugParam,
        body: { content: { 'application/json': { schema: dismissalSchema.openapi('MatchDismissal') } } },
      },
      responses: { 204: { description: 'Set aside' }, ...errorResponses, ...refusals },
    }),
    async (c) => {
      await dismissRecommendation(c.get('ctx'), parseSlug(c.req.valid('param').slug), c.req.valid('json'))
      return c.body(null, 204)
    },
  )

  api.openapi(
    createRoute({
      method: 'get',
      path: '/actors/{slug}/introductions',
      tags: ['Matchmaking'],
      summary: 'An organisation’s introductions, asked for, made by a cluster manager, or asked of it',
      request: { params: slugParam },
      responses: {
        200: jsonContent(z.object({ items: z.array(IntroductionSchema) }), 'Introductions'),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const list = await introductionsOf(c.get('ctx'), parseSlug(c.req.valid('param').slug))
      return c.json(
        {
          items: list.map((i) => ({
            id: i.id,
            organisation: i.other,
            asked_by_us: i.askedByUs,
            by_cluster: i.byClusterId,
            note: i.note,
            our_answer: i.ourAnswer,
            their_answer: i.theirAnswer,
            status: i.status as (typeof introductionStatuses)[number],
            conversation: i.conversationId,
            created_at: i.createdAt.toISOString(),
          })),
        },
        200,
      )
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/actors/{slug}/introductions',
      tags: ['Matchmaking'],
      summary: '"Introduce us": ask for a double opt-in introduction to a partner (its people are asked)',
      request: {
        params: slugParam,
        body: {
          content: {
            'application/json': { schema: introductionRequestSchema.openapi('IntroductionRequest') },
          },
        },
      },
      responses: {
        201: jsonContent(z.object({ id: z.number().int(), status: z.enum(introductionStatuses) }), 'Asked'),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const row = await requestIntroduction(
        c.get('ctx'),
        parseSlug(c.req.valid('param').slug),
        c.req.valid('json'),
      )
      return c.json({ id: Number(row.id), status: row.status }, 201)
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/actors/{slug}/introductions/{id}/answer',
      tags: ['Matchmaking'],
      summary: 'Accept or decline an introduction; when both sides have accepted, a conversation opens',
      request: {
        params: slugParam.extend({ id: z.coerce.number().int().min(1) }),
        body: { content: { 'application/json': { schema: answerSchema.openapi('IntroductionAnswer') } } },
      },
      responses: {
        200: jsonContent(
          z.object({
            id: z.number().int(),
            status: z.enum(introductionStatuses),
            conversation: z.number().nullable(),
          }),
          'Answered',
        ),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const { slug, id } = c.req.valid('param')
      const { introduction, conversationId } = await answerIntroduction(
        c.get('ctx'),
        parseSlug(slug),
        id,
        c.req.valid('json'),
      )
      return c.json(
        { id: Number(introduction.id), status: introduction.status, conversation: conversationId ?? null },
        200,
      )
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/clusters/{city}/introductions',
      tags: ['Matchmaking'],
      summary: 'A cluster manager introduces two organisations (one of them in the city); both are asked',
      request: {
        params: z.object({ city: z.string().max(60) }),
        body: {
          content: {
            'application/json': { schema: managerIntroductionSchema.openapi('ManagerIntroduction') },
          },
        },
      },
      responses: {
        201: jsonContent(
          z.object({ id: z.number().int(), status: z.enum(introductionStatuses) }),
          'Introduced',
        ),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const row = await introduceOrganisations(c.get('ctx'), c.req.valid('param').city, c.req.valid('json'))
      return c.json({ id: Number(row.id), status: row.status }, 201)
    },
  )
}
