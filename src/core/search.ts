import type { FacetCountRow } from './db/facets'
import { AppError } from './errors'
import type { I18n } from './i18n'
import type { FacetOption } from './views/search'

export type FacetFilters<F extends string> = Partial<Record<F, string[]>>

/** What a module's search service takes: words, chosen facet values, an order and a page. */
export interface SearchInput<F extends string, S extends string> {
  q?: string
  filters: FacetFilters<F>
  sort: S
  page: number
  perPage: number
}

/** One page of a search's results, the total and every facet's values with their counts. */
export interface SearchResult<Item, F extends string> {
  items: Item[]
  total: number
  facets: Record<F, FacetOption[]>
  page: number
  perPage: number
}

/** Checks chosen facet values against what exists, so an unknown value is a clear 400, not an empty page. */
export function checkFacetValues<F extends string>(
  i18n: I18n,
  known: Record<F, (value: string) => boolean>,
  filters: FacetFilters<F>,
  /** The module's message for an unknown value, with `{value}`. */
  messageKey: string,
) {
  const details = (Object.keys(known) as F[]).flatMap((facet) =>
    (filters[facet] ?? [])
      .filter((v) => !known[facet](v))
      .map((v) => ({ field: facet, message: i18n.t(messageKey, { value: v.slice(0, 60) }) })),
  )
  if (details.length)
    throw new AppError('invalid_request', 400, 'core.error.invalid_request', undefined, details)
}

/**
 * The counted values of every facet with their labels, most matches first (or in the natural order given
 * for a facet); a chosen value stays listed even when nothing matches it any more, so it can be removed.
 */
export function labelFacets<F extends string>(
  i18n: I18n,
  label: Record<F, (value: string) => string>,
  counts: FacetCountRow<F>[],
  filters: FacetFilters<F>,
  order: Partial<Record<F, readonly string[]>> = {},
): Record<F, FacetOption[]> {
  const facetNames = Object.keys(label) as F[]
  const facets = Object.fromEntries(facetNames.map((f) => [f, [] as FacetOption[]])) as Record<
    F,
    FacetOption[]
  >
  for (const row of counts) {
    if (row.facet === 'total' || row.value === null) continue
    facets[row.facet].push({
      value: row.value,
      label: label[row.facet](row.value),
      count: row.n,
      selected: filters[row.facet]?.includes(row.value) ?? false,
    })
  }
  for (const facet of facetNames) {
    for (const value of filters[facet] ?? [])
      if (!facets[facet].some((f) => f.value === value))
        facets[facet].push({ value, label: label[facet](value), count: 0, selected: true })
    const natural = order[facet]
    facets[facet].sort((a, b) =>
      natural
        ? natural.indexOf(a.value) - natural.indexOf(b.value)
        : b.count - a.count || a.label.localeCompare(b.label, i18n.locale),
    )
  }
  return facets
}

/** How many rows match in all: the count of the facet 'total'. */
export const totalOf = <F extends string>(counts: FacetCountRow<F>[]) =>
  counts.find((r) => r.facet === 'total')?.n ?? 0
