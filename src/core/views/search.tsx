import type { Child } from 'hono/jsx'
import type { I18n } from '../i18n'
import { QueryField } from './components'

/** One value of a facet with how many results it has under the other filters. */
export interface FacetOption {
  value: string
  label: string
  count: number
  selected: boolean
}

export interface FacetGroup {
  /** The query parameter the group's checkboxes set. */
  name: string
  legend: string
  values: FacetOption[]
  /** How many values show besides the chosen ones. */
  limit: number
}

/** A search's facets in the module's order, each with its legend and how many values it shows. */
export const facetGroups = <F extends string>(
  facetNames: readonly F[],
  facets: Record<F, FacetOption[]>,
  limits: Record<F, number>,
  legend: (facet: F) => string,
): FacetGroup[] =>
  facetNames.map((f) => ({ name: f, legend: legend(f), values: facets[f], limit: limits[f] }))

/** The facet checkboxes of a search form: each change submits the form (htmx), or "apply" does without it. */
export function FacetGroups(props: { groups: FacetGroup[]; i18n: I18n }) {
  return (
    <div class="facets__groups">
      {props.groups.map((group) => {
        if (!group.values.length) return null
        const shown = group.values.filter((v, i) => v.selected || i < group.limit)
        return (
          <fieldset class="facet">
            <legend>{group.legend}</legend>
            <ul>
              {shown.map((v) => (
                <li>
                  <label>
                    <input type="checkbox" name={group.name} value={v.value} checked={v.selected} />
                    <span class="facet__label">{v.label}</span>
                    <span class="facet__count">{props.i18n.number(v.count)}</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        )
      })}
    </div>
  )
}

/** The query and the chosen facet values as chips that remove themselves, and a link that clears all. */
export function ActiveFilters(props: {
  q?: string
  groups: FacetGroup[]
  /** The address without the query, or without one value of a group. */
  without(change: { q: true } | { name: string; value: string }): string
  clearUrl: string
  i18n: I18n
}) {
  const { i18n } = props
  const active = props.groups.flatMap((g) =>
    g.values.filter((v) => v.selected).map((v) => ({ name: g.name, value: v.value, label: v.label })),
  )
  if (!active.length && !props.q) return null
  return (
    <ul class="active-filters" aria-label={i18n.t('core.search.active_filters')}>
      {props.q && (
        <li>
          <a class="chip chip--removable" href={props.without({ q: true })}>
            “{props.q}”<span class="visually-hidden"> {i18n.t('core.search.remove_filter')}</span>
          </a>
        </li>
      )}
      {active.map((a) => (
        <li>
          <a class="chip chip--removable" href={props.without(a)}>
            {a.label}
            <span class="visually-hidden"> {i18n.t('core.search.remove_filter')}</span>
          </a>
        </li>
      ))}
      <li>
        <a class="clear-all" href={props.clearUrl}>
          {i18n.t('core.search.clear_all')}
        </a>
      </li>
    </ul>
  )
}

/** Page links around the current page, the first and the last; deeper than maxPage is not offered. */
export function Pagination(props: {
  page: number
  total: number
  perPage: number
  maxPage: number
  url(page: number): string
  i18n: I18n
}) {
  const { page, i18n } = props
  const pages = Math.min(Math.ceil(props.total / props.perPage), props.maxPage)
  if (pages <= 1) return null
  const around = [1, page - 2, page - 1, page, page + 1, page + 2, pages]
  const shown = [...new Set(around.filter((p) => p >= 1 && p <= pages))].sort((a, b) => a - b)
  return (
    <nav class="pagination" aria-label={i18n.t('core.search.pagination')}>
      {page > 1 && (
        <a rel="prev" href={props.url(page - 1)}>
          {i18n.t('core.search.previous')}
        </a>
      )}
      {shown.map((p, i) => (
        <>
          {i > 0 && p - shown[i - 1] > 1 && <span aria-hidden="true">…</span>}
          {p === page ? (
            <span aria-current="page">{i18n.number(p)}</span>
          ) : (
            <a href={props.url(p)}>{i18n.number(p)}</a>
          )}
        </>
      ))}
      {page < pages && (
        <a rel="next" href={props.url(page + 1)}>
          {i18n.t('core.search.next')}
        </a>
      )}
    </nav>
  )
}

/** What a search page's address is made of: the words, the chosen values of each facet, the order, the page. */
export interface SearchState {
  q?: string
  sort: string
  page: number
}

/**
 * Facets and results of a search page: the part that htmx swaps when a filter changes. Each module gives
 * its addresses, its texts and its result list.
 */
export function SearchBody<S extends SearchState>(props: {
  /** The element htmx swaps. */
  id: string
  state: S
  /** The address of this search with a change. */
  url(change: Partial<S>): string
  groups: FacetGroup[]
  result: { total: number; perPage: number }
  maxPage: number
  texts: { count: string; sortLabel: string; emptyTitle: string; emptyHelp: string }
  sortOrders: { value: string; label: string }[]
  /** More controls beside the order (the directory's switch between list and map). */
  controls?: Child
  clearUrl: string
  /** Nothing to list: the page says so and offers to clear the filters. */
  empty: boolean
  /** False where everything shows on one page (the map). */
  paged: boolean
  children: Child
  i18n: I18n
}) {
  const { state, i18n } = props
  const { t } = i18n
  const without = (change: { q: true } | { name: string; value: string }) =>
    'q' in change
      ? props.url({ q: undefined, page: 1 } as Partial<S>)
      : props.url({
          [change.name]:
            ((state as Record<string, unknown>)[change.name] as string[] | undefined)?.filter(
              (v) => v !== change.value,
            ) ?? [],
          page: 1,
        } as Partial<S>)
  return (
    <div id={props.id} class="directory__body">
      <details class="facets" open>
        <summary class="facets__toggle">{t('core.search.filters')}</summary>
        <FacetGroups groups={props.groups} i18n={i18n} />
        <button type="submit" class="button facets__apply">
          {t('core.search.apply_filters')}
        </button>
      </details>
      <section
        class="results"
        aria-labelledby="result-count"
        hx-boost="true"
        hx-target={`#${props.id}`}
        hx-select={`#${props.id}`}
        hx-swap="outerHTML"
      >
        <div class="results__bar">
          <p id="result-count" class="results__count" role="status">
            {props.texts.count}
          </p>
          <div class="results__controls">
            <label for="sort">{props.texts.sortLabel}</label>
            <select id="sort" name="sort">
              {props.sortOrders.map((s) => (
                <option value={s.value} selected={state.sort === s.value}>
                  {s.label}
                </option>
              ))}
            </select>
            {props.controls}
          </div>
        </div>
        <ActiveFilters
          q={state.q}
          groups={props.groups}
          without={without}
          clearUrl={props.clearUrl}
          i18n={i18n}
        />
        {props.empty ? (
          <div class="empty-state">
            <h2>{props.texts.emptyTitle}</h2>
            <p>{props.texts.emptyHelp}</p>
            <a class="button" href={props.clearUrl}>
              {t('core.search.clear_all')}
            </a>
          </div>
        ) : (
          props.children
        )}
        {props.paged && (
          <Pagination
            page={state.page}
            total={props.result.total}
            perPage={props.result.perPage}
            maxPage={props.maxPage}
            url={(page) => props.url({ page } as Partial<S>)}
            i18n={i18n}
          />
        )}
      </section>
    </div>
  )
}

/** The search form around a SearchBody: it works as a plain GET, and htmx swaps only the body. */
export function SearchForm(props: {
  id: string
  /** The SearchBody's id. */
  bodyId: string
  action: string
  label: string
  placeholder: string
  q?: string
  /** Hidden fields that keep the page's mode (the directory's map). */
  hidden?: Child
  children: Child
  i18n: I18n
}) {
  const { t } = props.i18n
  return (
    <form
      id={props.id}
      class="directory__form"
      action={props.action}
      method="get"
      hx-get={props.action}
      hx-target={`#${props.bodyId}`}
      hx-swap="outerHTML"
      hx-push-url="true"
      hx-trigger="change, submit"
      hx-indicator={`#${props.id}`}
    >
      <div class="search-row" role="search">
        <QueryField id="q" label={props.label} placeholder={props.placeholder} value={props.q} hideLabel />
        <button type="submit" class="button">
          {t('core.nav.search')}
        </button>
        {props.hidden}
      </div>
      <p class="loading-note" aria-hidden="true">
        {t('core.search.loading')}
      </p>
      {props.children}
    </form>
  )
}
