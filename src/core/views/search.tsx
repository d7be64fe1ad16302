import type { I18n } from '../i18n'

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
