import { z } from '@hono/zod-openapi'

/** The one error shape of the API, referenced by every route's 4xx responses. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
      request_id: z.string(),
    }),
  })
  .openapi('Error')

export const LocalizedSchema = z
  .record(z.string(), z.string())
  .openapi('Localized', { description: 'Text per language code', example: { en: 'Design', de: 'Design' } })

export const errorResponses = {
  400: { description: 'Invalid request', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
} as const

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

/** A query parameter that may be given once or repeated (`?city=a&city=b`) or comma-separated. */
export const multiValue = <T extends z.ZodType<string>>(item: T) =>
  z
    .preprocess(
      // Empty values (`?city=`, a trailing comma) are no choice rather than an error.
      (v) => {
        if (v === undefined) return undefined
        const values = (Array.isArray(v) ? v : [v])
          .flatMap((s) => String(s).split(','))
          .filter((s) => s.trim())
        return values.length ? values : undefined
      },
      z.array(item).max(20).optional(),
    )
    .openapi({ type: 'array', items: { type: 'string' } })
