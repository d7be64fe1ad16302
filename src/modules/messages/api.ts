import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { ErrorSchema, errorResponses, jsonContent } from '../../core/api'
import { type AppEnv, parseId } from '../../core/http'
import {
  getConversation,
  type InboxEntry,
  listConversations,
  newConversationSchema,
  replySchema,
  replyToConversation,
  startConversation,
  type Thread,
} from './service'

const refusals = {
  401: jsonContent(ErrorSchema, 'Not signed in (the session cookie authenticates the API)'),
  403: jsonContent(ErrorSchema, 'Not allowed'),
  404: jsonContent(ErrorSchema, 'No such conversation, or not one of the viewer’s organisations'),
  422: jsonContent(ErrorSchema, 'A field is not acceptable'),
} as const

const PartySchema = z.object({ id: z.number().int(), slug: z.string(), name: z.string() }).openapi('Party')

const ConversationSummarySchema = z
  .object({
    id: z.number().int(),
    subject: z.string(),
    with: z.array(PartySchema).openapi({ description: 'The other organisations of the conversation' }),
    last_message_at: z.string(),
    last_message: z
      .object({
        excerpt: z.string().nullable().openapi({ description: 'Null when a cluster manager removed it' }),
        mine: z.boolean().openapi({ description: 'Written by one of the viewer’s organisations' }),
      })
      .nullable(),
    unread: z.number().int().openapi({ description: 'Messages of the other side the viewer has not read' }),
  })
  .openapi('ConversationSummary')

const MessageSchema = z
  .object({
    id: z.number().int(),
    organisation: PartySchema,
    author: z
      .string()
      .nullable()
      .openapi({ description: 'The person who wrote it; null for a former member' }),
    body: z.string().nullable().openapi({ description: 'Null when a cluster manager removed the message' }),
    hidden: z.boolean(),
    created_at: z.string(),
    attachments: z.array(
      z.object({
        id: z.number().int(),
        file_name: z.string(),
        content_type: z.string(),
        size: z.number().int(),
        url: z.string().openapi({ description: 'Download page (the session cookie authenticates it)' }),
      }),
    ),
  })
  .openapi('Message')

const ConversationSchema = z
  .object({
    id: z.number().int(),
    subject: z.string(),
    parties: z.array(PartySchema),
    created_at: z.string(),
    messages: z.array(MessageSchema),
  })
  .openapi('Conversation')

const toSummary = (c: InboxEntry) => ({
  id: c.id,
  subject: c.subject,
  with: c.others,
  last_message_at: c.lastMessageAt.toISOString(),
  last_message: c.lastMessage && { excerpt: c.lastMessage.excerpt, mine: c.lastMessage.mine },
  unread: c.unread,
})

const toConversation = (t: Thread, locale: string) => ({
  id: t.id,
  subject: t.subject,
  parties: t.parties,
  created_at: t.createdAt.toISOString(),
  messages: t.messages.map((m) => ({
    id: m.id,
    organisation: m.organisation,
    author: m.author,
    body: m.body,
    hidden: m.hidden,
    created_at: m.createdAt.toISOString(),
    attachments: m.attachments.map((a) => ({
      id: a.id,
      file_name: a.fileName,
      content_type: a.contentType,
      size: a.size,
      url: `/${locale}/messages/${t.id}/attachments/${a.id}`,
    })),
  })),
})

const idParam = z.object({ id: z.string().openapi({ example: '12' }) })

export function messagesApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/conversations',
      tags: ['Messages'],
      summary: 'The viewer’s conversations across their organisations, newest activity first',
      responses: {
        200: jsonContent(z.object({ items: z.array(ConversationSummarySchema) }), 'Conversations'),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const items = await listConversations(c.get('ctx'))
      return c.json({ items: items.map(toSummary) }, 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'get',
      path: '/conversations/{id}',
      tags: ['Messages'],
      summary: 'A conversation with its messages (its parties’ people only); marks it read',
      request: { params: idParam },
      responses: {
        200: jsonContent(ConversationSchema, 'Conversation'),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const ctx = c.get('ctx')
      const thread = await getConversation(ctx, parseId(c.req.valid('param').id))
      return c.json(toConversation(thread, ctx.i18n.locale), 200)
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/conversations',
      tags: ['Messages'],
      summary: 'Start a conversation between one of the viewer’s organisations and another organisation',
      request: {
        body: {
          content: {
            'application/json': {
              schema: newConversationSchema.openapi('NewConversation', {
                description:
                  '`from`: the id of the viewer’s organisation; `to`: the other organisation’s slug',
              }),
            },
          },
        },
      },
      responses: {
        201: jsonContent(z.object({ id: z.number().int() }), 'Started'),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const started = await startConversation(c.get('ctx'), c.req.valid('json'))
      return c.json(started, 201)
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/conversations/{id}/messages',
      tags: ['Messages'],
      summary:
        'Answer in a conversation (`as`: which of the viewer’s organisations, when they belong to both)',
      request: {
        params: idParam,
        body: { content: { 'application/json': { schema: replySchema.openapi('Reply') } } },
      },
      responses: {
        201: jsonContent(z.object({ id: z.number().int() }), 'Sent'),
        ...errorResponses,
        ...refusals,
      },
    }),
    async (c) => {
      const sent = await replyToConversation(
        c.get('ctx'),
        parseId(c.req.valid('param').id),
        c.req.valid('json'),
      )
      return c.json(sent, 201)
    },
  )
}
