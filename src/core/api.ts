import { z } from '@hono/zod-openapi'
import { locales } from './i18n'

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

// An empty `?page=` is the first page, not an error.
const blankToUndefined = (v: unknown) => (typeof v === 'string' && !v.trim() ? undefined : v)

/** A facet value in a search's query: its existence is the service's to check. */
export const facetValue = z.string().min(1).max(80)

/** The words of a faceted search. */
export const searchWords = (description: string) => z.string().max(200).optional().openapi({ description })

/** The order (the first is the default), the page and the language of a faceted search. */
export const searchPaging = <T extends readonly [string, ...string[]]>(options: {
  sortOrders: T
  maxPage: number
  maxPerPage: number
}) => ({
  sort: z.enum(options.sortOrders).default(options.sortOrders[0]),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(options.maxPage).default(1)),
  per_page: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(1).max(options.maxPerPage).default(20),
  ),
  lang: z
    .enum(locales)
    .optional()
    .openapi({ description: 'Language of labels and messages; else Accept-Language' }),
})

/** What a module's search service takes, from a search's query parameters. */
export function searchInputOf<
  F extends string,
  S extends string,
  Q extends { q?: string; sort: S; page: number; per_page: number },
>(facetNames: readonly F[], query: Q & Partial<Record<F, string[]>>) {
  return {
    q: query.q?.trim() || undefined,
    filters: Object.fromEntries(facetNames.map((f) => [f, query[f] as string[] | undefined])) as Partial<
      Record<F, string[]>
    >,
    sort: query.sort,
    page: query.page,
    perPage: query.per_page,
  }
}

const FacetSchema = z.array(z.object({ value: z.string(), label: z.string(), count: z.number().int() }))

/** The answer to a faceted search: one page of items, the total and every facet's counts. */
export const searchPageSchema = <I extends z.ZodType, F extends string>(
  item: I,
  facetNames: readonly [F, ...F[]],
  description: string,
) =>
  jsonContent(
    z.object({
      items: z.array(item),
      total: z.number().int(),
      facets: z.record(z.enum(facetNames), FacetSchema),
      page: z.number().int(),
      per_page: z.number().int(),
    }),
    description,
  )

/** A search's result as the API gives it: the facet values without what the page marks as chosen. */
export function searchPage<Item, F extends string, Out>(
  result: {
    items: Item[]
    total: number
    facets: Record<F, { value: string; label: string; count: number }[]>
    page: number
    perPage: number
  },
  toApi: (item: Item) => Out,
) {
  return {
    items: result.items.map(toApi),
    total: result.total,
    facets: Object.fromEntries(
      Object.entries<{ value: string; label: string; count: number }[]>(result.facets).map(([f, values]) => [
        f,
        values.map(({ value, label, count }) => ({ value, label, count })),
      ]),
    ) as Record<F, { value: string; label: string; count: number }[]>,
    page: result.page,
    per_page: result.perPage,
  }
}
