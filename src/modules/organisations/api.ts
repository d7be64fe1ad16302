import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { ErrorSchema, errorResponses, jsonContent } from '../../core/api'
import { type AppEnv, parseSlug } from '../../core/http'
import { uploadLimit } from './logos'
import { profilePatchSchema, profileSchema } from './profile'
import {
  acceptInvitation,
  acceptSchema,
  changeRole,
  claimOrganisation,
  claimSchema,
  createOrganisation,
  decideClaim,
  decisionSchema,
  invitationSchema,
  invitePerson,
  listPendingClaims,
  listPeople,
  removePerson,
  roleSchema,
  updateOrganisation,
} from './service'

const refusals = {
  401: jsonContent(ErrorSchema, 'Not signed in (the session cookie authenticates)'),
  403: jsonContent(ErrorSchema, 'Not allowed for this person'),
  409: jsonContent(ErrorSchema, 'Conflicts with the current state'),
} as const

const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
})

const slugParam = z.object({ slug: z.string().max(120) })
const personParam = slugParam.extend({ person: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) })
const claimParam = z.object({
  city: z.string().regex(/^[a-z0-9-]{1,60}$/),
  id: z.coerce.number().int().min(1),
})

const SlugSchema = z.object({ slug: z.string() })
const PersonSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['admin', 'member']),
  since: z.string(),
})
const ClaimSchema = z
  .object({
    id: z.number().int(),
    organisation: z.object({ slug: z.string(), name: z.string() }),
    claimant: z.object({ id: z.string(), name: z.string(), email: z.string() }),
    message: z.string(),
    created_at: z.string(),
  })
  .openapi('Claim')

const iso = (d: Date | string) => new Date(d).toISOString()

export function organisationsApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'post',
      path: '/organisations',
      tags: ['Organisations'],
      summary: 'Add an organisation to the directory; the signed-in person becomes its admin',
      request: jsonBody(profileSchema),
      responses: { 201: jsonContent(SlugSchema, 'Created'), ...errorResponses, ...refusals },
    }),
    async (c) => {
      const { slug } = await createOrganisation(c.get('ctx'), c.req.valid('json'))
      return c.json({ slug }, 201)
    },
  )

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/actors/{slug}',
      tags: ['Organisations'],
      summary: 'Change an organisation’s profile and the visibility of its fields (its admins)',
      request: { params: slugParam, ...jsonBody(profilePatchSchema) },
      responses: { 200: jsonContent(SlugSchema, 'Saved'), ...errorResponses, ...refusals },
    }),
    async (c) => {
      const slug = parseSlug(c.req.valid('param').slug)
      await updateOrganisation(c.get('ctx'), slug, { profile: c.req.valid('json') })
      return c.json({ slug }, 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'put',
      path: '/actors/{slug}/logo',
      tags: ['Organisations'],
      summary: 'Upload a logo (PNG, JPEG or WebP, at most 2 MB); stored as WebP of at most 512×512',
      middleware: [uploadLimit] as const,
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
        200: jsonContent(z.object({ logo_url: z.string() }), 'Stored'),
        ...errorResponses,
        ...refusals,
        413: jsonContent(ErrorSchema, 'Far too large'),
      },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const slug = parseSlug(c.req.valid('param').slug)
      const { logoUrl } = await updateOrganisation(ctx, slug, {
        logo: new Uint8Array(await c.req.arrayBuffer()),
      })
      return c.json({ logo_url: logoUrl ?? '' }, 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/actors/{slug}/logo',
      tags: ['Organisations'],
      summary: 'Remove the logo',
      request: { params: slugParam },
      responses: { 204: { description: 'Removed' }, ...errorResponses, ...refusals },
    }),
    async (c) => {
      await updateOrganisation(c.get('ctx'), parseSlug(c.req.valid('param').slug), { logo: null })
      return c.body(null, 204)
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/actors/{slug}/claims',
      tags: ['Organisations'],
      summary: 'Claim an organisation that has no admin; its city’s cluster manager decides',
      request: { params: slugParam, ...jsonBody(claimSchema) },
      responses: {
        201: jsonContent(
          z.object({ id: z.number().int(), status: z.string() }),
          'Claim waiting for a decision',
        ),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const claim = await claimOrganisation(
        c.get('ctx'),
        parseSlug(c.req.valid('param').slug),
        c.req.valid('json'),
      )
      return c.json(claim, 201)
    },
  )

  api.openapi(
    createRoute({
      method: 'get',
      path: '/clusters/{city}/claims',
      tags: ['Organisations'],
      summary: 'Claims waiting for a decision in a city (its cluster managers, the network admin)',
      request: { params: z.object({ city: z.string().regex(/^[a-z0-9-]{1,60}$/) }) },
      responses: {
        200: jsonContent(z.object({ items: z.array(ClaimSchema) }), 'Pending claims'),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const { claims } = await listPendingClaims(c.get('ctx'), c.req.valid('param').city)
      return c.json(
        {
          items: claims.map((cl) => ({
            id: cl.id,
            organisation: { slug: cl.actorSlug, name: cl.actorName },
            claimant: { id: cl.userId, name: cl.claimantName, email: cl.claimantEmail },
            message: cl.message,
            created_at: iso(cl.createdAt),
          })),
        },
        200,
      )
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/clusters/{city}/claims/{id}/decision',
      tags: ['Organisations'],
      summary: 'Approve a claim (the claimant becomes admin) or decline it with a reason',
      request: { params: claimParam, ...jsonBody(decisionSchema) },
      responses: {
        204: { description: 'Decided; the claimant is told by e-mail' },
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const { city, id } = c.req.valid('param')
      await decideClaim(c.get('ctx'), city, id, c.req.valid('json'))
      return c.body(null, 204)
    },
  )

  api.openapi(
    createRoute({
      method: 'get',
      path: '/actors/{slug}/people',
      tags: ['Organisations'],
      summary: 'The people of an organisation and its open invitations (its people, the network admin)',
      request: { params: slugParam },
      responses: {
        200: jsonContent(
          z.object({
            people: z.array(PersonSchema),
            invitations: z.array(
              z.object({ id: z.number().int(), email: z.string(), role: z.string(), expires_at: z.string() }),
            ),
          }),
          'People and invitations',
        ),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const data = await listPeople(c.get('ctx'), parseSlug(c.req.valid('param').slug))
      return c.json(
        {
          people: data.people.map((p) => ({
            id: p.userId,
            name: p.name,
            email: p.email,
            role: p.role,
            since: iso(p.since),
          })),
          invitations: data.invitations.map((i) => ({
            id: i.id,
            email: i.email,
            role: i.role,
            expires_at: iso(i.expiresAt),
          })),
        },
        200,
      )
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/actors/{slug}/invitations',
      tags: ['Organisations'],
      summary: 'Invite someone by e-mail (valid 14 days)',
      request: { params: slugParam, ...jsonBody(invitationSchema) },
      responses: {
        201: jsonContent(
          z.object({ id: z.number().int(), email: z.string(), role: z.string(), expires_at: z.string() }),
          'Sent',
        ),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const sent = await invitePerson(c.get('ctx'), parseSlug(c.req.valid('param').slug), c.req.valid('json'))
      return c.json({ id: sent.id, email: sent.email, role: sent.role, expires_at: iso(sent.expiresAt) }, 201)
    },
  )

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/actors/{slug}/people/{person}',
      tags: ['Organisations'],
      summary: 'Change someone’s role; the last admin cannot step down',
      request: { params: personParam, ...jsonBody(roleSchema) },
      responses: { 204: { description: 'Changed' }, ...errorResponses, ...refusals },
    }),
    async (c) => {
      const { slug, person } = c.req.valid('param')
      await changeRole(c.get('ctx'), parseSlug(slug), person, c.req.valid('json'))
      return c.body(null, 204)
    },
  )

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/actors/{slug}/people/{person}',
      tags: ['Organisations'],
      summary:
        'Remove someone, or leave (one’s own id); when the last admin goes, the longest-standing person becomes admin',
      request: { params: personParam },
      responses: { 204: { description: 'Removed' }, ...errorResponses, ...refusals },
    }),
    async (c) => {
      const { slug, person } = c.req.valid('param')
      await removePerson(c.get('ctx'), parseSlug(slug), person)
      return c.body(null, 204)
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/invitations/accept',
      tags: ['Organisations'],
      summary: 'Accept an invitation sent to the signed-in person’s address',
      request: jsonBody(acceptSchema),
      responses: {
        200: jsonContent(SlugSchema.extend({ role: z.string() }), 'Joined'),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      return c.json(await acceptInvitation(c.get('ctx'), c.req.valid('json')), 200)
    },
  )
}
