import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { ErrorSchema, errorResponses, jsonContent } from '../../core/api'
import type { AppEnv } from '../../core/http'
import { locales } from '../../core/i18n'
import { listMyNotifications, markNotificationsRead, readSchema } from './service'

const NotificationSchema = z
  .object({
    id: z.number().int(),
    kind: z.string().openapi({ example: 'messages.new_message' }),
    text: z.string().openapi({ description: 'In the language of the request' }),
    link: z.string().openapi({ description: 'The page it is about, without the language prefix' }),
    created_at: z.string(),
    read: z.boolean(),
  })
  .openapi('Notification')

const signedIn = { 401: jsonContent(ErrorSchema, 'Not signed in (the session cookie authenticates the API)') }

export function notificationsApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/notifications',
      tags: ['Notifications'],
      summary: 'The signed-in person’s notifications, newest first, written in the language of the request',
      request: {
        query: z
          .object({
            page: z.coerce.number().int().min(1).max(1_000_000).default(1),
            lang: z
              .enum(locales)
              .optional()
              .openapi({ description: 'Language of the texts; else Accept-Language' }),
          })
          .strict(),
      },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(NotificationSchema), has_more: z.boolean() }),
          'One page of notifications',
        ),
        ...errorResponses,
        ...signedIn,
      },
    }),
    async (c) => {
      const { items, hasMore } = await listMyNotifications(c.get('ctx'), c.req.valid('query').page)
      return c.json(
        {
          items: items.map((n) => ({
            id: n.id,
            kind: n.kind,
            text: n.text,
            link: n.link,
            created_at: n.createdAt.toISOString(),
            read: n.read,
          })),
          has_more: hasMore,
        },
        200,
      )
    },
  )

  api.openapi(
    createRoute({
      method: 'post',
      path: '/notifications/read',
      tags: ['Notifications'],
      summary: 'Mark the signed-in person’s notifications read: all of them, or these ids',
      request: {
        body: {
          content: { 'application/json': { schema: readSchema } },
          required: true,
        },
      },
      responses: {
        200: jsonContent(z.object({ marked: z.number().int() }), 'How many were unread'),
        ...errorResponses,
        ...signedIn,
      },
    }),
    async (c) => c.json({ marked: await markNotificationsRead(c.get('ctx'), c.req.valid('json')) }, 200),
  )
}
