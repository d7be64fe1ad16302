import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { ErrorSchema, errorResponses, jsonContent } from '../../core/api'
import { type AppEnv, parseSlug } from '../../core/http'
import type { ListedMembership } from './queries'
import { membershipStatuses } from './schema'
import {
  applicationSchema,
  applyForMembership,
  applyToNetwork,
  decideMembership,
  decisionSchema,
  listApplications,
  listMembers,
  membershipHistory,
  networkApplicationSchema,
} from './service'

const refusals = {
  401: jsonContent(ErrorSchema, 'Not signed in (the session cookie authenticates the API)'),
  403: jsonContent(ErrorSchema, 'Not allowed'),
  409: jsonContent(ErrorSchema, 'The membership is not in a state that allows this'),
  422: jsonContent(ErrorSchema, 'A field is not acceptable'),
} as const

const MembershipSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(membershipStatuses),
    organisation: z.object({ id: z.number().int(), slug: z.string(), name: z.string() }),
    member_since: z.string().nullable(),
    motivation: z.string(),
    applied_by: z.string().nullable().openapi({ description: 'Name of the person who applied' }),
    updated_at: z.string(),
  })
  .openapi('Membership')

const toApiMembership = (m: ListedMembership) => ({
  id: m.id,
  status: m.status,
  organisation: { id: m.actorId, slug: m.slug, name: m.name },
  member_since: m.memberSince?.toISOString() ?? null,
  motivation: m.motivation,
  applied_by: m.applicant,
  updated_at: m.updatedAt.toISOString(),
})

const cityParam = z.object({ city: z.string().openapi({ example: 'pecs' }) })
const memberParams = cityParam.extend({
  actor: z.string().openapi({ description: 'The organisation’s slug' }),
})

export function membershipApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/clusters/{city}/applications',
      tags: ['Membership'],
      summary: 'Pending applications to a cluster (its managers and the network admin)',
      request: { params: cityParam },
      responses: {
        200: jsonContent(z.object({ items: z.array(MembershipSchema) }), 'Pending applications'),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const items = await listApplications(c.get('ctx'), parseSlug(c.req.valid('param').city))
      return c.json({ items: items.map(toApiMembership) }, 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/clusters/{city}/applications',
      tags: ['Membership'],
      summary: 'Apply for an organisation’s membership of its city’s cluster (the organisation’s admins)',
      request: {
        params: cityParam,
        body: {
          content: { 'application/json': { schema: applicationSchema.openapi('MembershipApplication') } },
        },
      },
      responses: {
        201: jsonContent(z.object({ id: z.number().int(), status: z.enum(membershipStatuses) }), 'Applied'),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const applied = await applyForMembership(
        c.get('ctx'),
        parseSlug(c.req.valid('param').city),
        c.req.valid('json'),
      )
      return c.json({ id: applied.id, status: applied.status }, 201)
    },
  )

  api.openapi(
    createRoute({
      method: 'get',
      path: '/clusters/{city}/members',
      tags: ['Membership'],
      summary: 'Members and suspended members of a cluster (its managers and the network admin)',
      request: { params: cityParam },
      responses: {
        200: jsonContent(z.object({ items: z.array(MembershipSchema) }), 'Members'),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const items = await listMembers(c.get('ctx'), parseSlug(c.req.valid('param').city))
      return c.json({ items: items.map(toApiMembership) }, 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'get',
      path: '/clusters/{city}/members/{actor}',
      tags: ['Membership'],
      summary: 'An organisation’s membership and its history, newest first',
      request: { params: memberParams },
      responses: {
        200: jsonContent(
          MembershipSchema.extend({
            events: z.array(
              z.object({
                status: z.enum(membershipStatuses),
                reason: z.string().nullable(),
                by: z.string().nullable(),
                at: z.string(),
              }),
            ),
          }),
          'Membership with history',
        ),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const { city, actor } = c.req.valid('param')
      const { membership, events } = await membershipHistory(c.get('ctx'), parseSlug(city), parseSlug(actor))
      return c.json(
        { ...toApiMembership(membership), events: events.map((e) => ({ ...e, at: e.at.toISOString() })) },
        200,
      )
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/clusters/{city}/members/{actor}/decision',
      tags: ['Membership'],
      summary:
        'Approve or decline an application, suspend or reinstate a member (a reason is required to decline or suspend)',
      request: {
        params: memberParams,
        body: { content: { 'application/json': { schema: decisionSchema.openapi('MembershipDecision') } } },
      },
      responses: {
        200: jsonContent(z.object({ id: z.number().int(), status: z.enum(membershipStatuses) }), 'Decided'),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const { city, actor } = c.req.valid('param')
      const decided = await decideMembership(
        c.get('ctx'),
        parseSlug(city),
        parseSlug(actor),
        c.req.valid('json'),
      )
      return c.json({ id: decided.id, status: decided.status }, 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/network/applications',
      tags: ['Membership'],
      summary: 'Ask for an organisation from a city outside the network to join it (any signed-in person)',
      request: {
        body: {
          content: { 'application/json': { schema: networkApplicationSchema.openapi('NetworkApplication') } },
        },
      },
      responses: {
        201: jsonContent(z.object({ id: z.number().int(), status: z.string() }), 'Received'),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const row = await applyToNetwork(c.get('ctx'), c.req.valid('json'))
      return c.json({ id: row.id, status: row.status }, 201)
    },
  )
}
