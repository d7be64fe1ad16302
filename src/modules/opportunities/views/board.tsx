import type { I18n } from '../../../core/i18n'
import { QueryField, WrittenText } from '../../../core/views/components'
import { ActiveFilters, type FacetGroup, FacetGroups, Pagination } from '../../../core/views/search'
import { SectorChips } from '../../actors/views/components'
import type { Taxonomy } from '../../taxonomy/service'
import type { BoardQuery } from '../api'
import {
  type FacetName,
  facetNames,
  type ListedOpportunity,
  maxPage,
  type SearchResult,
  sortOrders,
} from '../service'

/** The query string of a board state, defaults left out: the board, its feed and its pages share it. */
export function boardQuery(state: BoardQuery, change: Partial<BoardQuery> = {}): string {
  const next = { ...state, ...change }
  const params = new URLSearchParams()
  if (next.q) params.set('q', next.q)
  for (const f of facetNames) for (const v of next[f] ?? []) params.append(f, v)
  if (next.sort !== 'relevance') params.set('sort', next.sort)
  if (next.page > 1) params.set('page', String(next.page))
  if (next.per_page !== 20) params.set('per_page', String(next.per_page))
  return params.toString()
}

export function boardUrl(locale: string, state: BoardQuery, change: Partial<BoardQuery> = {}) {
  const query = boardQuery(state, change)
  return `/${locale}/opportunities${query ? `?${query}` : ''}`
}

const facetLimit: Record<FacetName, number> = {
  type: 6,
  city: 20,
  sector: 9,
  capability: 12,
  deadline: 4,
  reach: 3,
}

export interface CityNames {
  get(id: string): { cityName: string } | undefined
}

/** What a card says of when: the deadline, or that there is none. */
function DeadlineNote(props: { opportunity: ListedOpportunity; i18n: I18n }) {
  const { opportunity: o, i18n } = props
  return (
    <span>
      {o.deadline
        ? i18n.t('opportunities.deadline_on', { date: i18n.date(o.deadline) })
        : i18n.t('opportunities.no_deadline')}
    </span>
  )
}

export function OpportunityCard(props: {
  opportunity: ListedOpportunity
  cities: CityNames
  taxonomy: Taxonomy
  i18n: I18n
}) {
  const { opportunity: o, taxonomy, i18n } = props
  const { t, locale } = i18n
  const title = i18n.text(o.title, o.originalLanguage)
  const city = props.cities.get(o.clusterId)?.cityName ?? o.clusterId
  const capabilities = [...o.needs, ...o.offers].slice(0, 3)
  return (
    <article class={`card opportunity-card city-${o.clusterId}`}>
      <div class="card__body">
        <p class="eyebrow">
          {t(`opportunities.type.${o.type}`)} · {city}
          {o.reach !== 'city' && ` · ${t(`opportunities.reach.${o.reach}`)}`}
          {o.pinned && <span class="badge">{t('opportunities.pinned')}</span>}
        </p>
        <h3 class="card__title">
          <a href={`/${locale}/opportunities/${o.slug}`} lang={title.lang}>
            {title.text}
          </a>
        </h3>
        <p class="card__meta">
          {o.posterName ?? t('opportunities.cluster_poster', { city })} ·{' '}
          <DeadlineNote opportunity={o} i18n={i18n} />
        </p>
        <SectorChips ids={o.sectors} taxonomy={taxonomy} i18n={i18n} />
        <WrittenText class="card__text" value={o.description} original={o.originalLanguage} i18n={i18n} />
        {capabilities.length > 0 && (
          <p class="card__offers">
            <span class="card__label">
              {t(o.needs.length ? 'opportunities.field.needs' : 'opportunities.field.offers')}:
            </span>{' '}
            {capabilities.map((id) => taxonomy.capabilityById.get(id)?.label[locale] ?? id).join(' · ')}
          </p>
        )}
      </div>
    </article>
  )
}

export function groupsOf(result: SearchResult, i18n: I18n): FacetGroup[] {
  return facetNames.map((f) => ({
    name: f,
    legend: i18n.t(`opportunities.facet.${f}`),
    values: result.facets[f],
    limit: facetLimit[f],
  }))
}

/** Facets and results: the part htmx swaps when a filter changes. */
export function BoardBody(props: {
  state: BoardQuery
  result: SearchResult
  cities: CityNames
  taxonomy: Taxonomy
  i18n: I18n
}) {
  const { state, result, i18n } = props
  const { t, locale } = i18n
  const groups = groupsOf(result, i18n)
  const without = (change: { q: true } | { name: string; value: string }) =>
    'q' in change
      ? boardUrl(locale, state, { q: undefined, page: 1 })
      : boardUrl(locale, state, {
          [change.name]: (state[change.name as FacetName] ?? []).filter((v) => v !== change.value),
          page: 1,
        })
  return (
    <div id="board-body" class="directory__body">
      <details class="facets" open>
        <summary class="facets__toggle">{t('core.search.filters')}</summary>
        <FacetGroups groups={groups} i18n={i18n} />
        <button type="submit" class="button facets__apply">
          {t('core.search.apply_filters')}
        </button>
      </details>
      <section
        class="results"
        aria-labelledby="result-count"
        hx-boost="true"
        hx-target="#board-body"
        hx-select="#board-body"
        hx-swap="outerHTML"
      >
        <div class="results__bar">
          <p id="result-count" class="results__count" role="status">
            {t('opportunities.result_count', { count: result.total })}
          </p>
          <div class="results__controls">
            <label for="sort">{t('opportunities.sort.label')}</label>
            <select id="sort" name="sort">
              {sortOrders.map((s) => (
                <option value={s} selected={state.sort === s}>
                  {t(`opportunities.sort.${s}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ActiveFilters
          q={state.q}
          groups={groups}
          without={without}
          clearUrl={`/${locale}/opportunities`}
          i18n={i18n}
        />
        {result.items.length ? (
          <div class="card-list" hx-boost="false">
            {result.items.map((o) => (
              <OpportunityCard opportunity={o} cities={props.cities} taxonomy={props.taxonomy} i18n={i18n} />
            ))}
          </div>
        ) : (
          <div class="empty-state">
            <h2>{t('opportunities.empty.title')}</h2>
            <p>{t('opportunities.empty.help')}</p>
            <a class="button" href={`/${locale}/opportunities`}>
              {t('core.search.clear_all')}
            </a>
          </div>
        )}
        <Pagination
          page={state.page}
          total={result.total}
          perPage={result.perPage}
          maxPage={maxPage}
          url={(page) => boardUrl(locale, state, { page })}
          i18n={i18n}
        />
      </section>
    </div>
  )
}

export function BoardPage(props: Parameters<typeof BoardBody>[0] & { feedUrl: string; signedIn: boolean }) {
  const { state, i18n } = props
  const { t, locale } = i18n
  return (
    <div class="page directory">
      <h1>{t('opportunities.title')}</h1>
      <p class="actions">
        <a href={props.feedUrl}>{t('opportunities.feed')}</a>
        {props.signedIn && (
          <>
            {' · '}
            <a href={`/${locale}/opportunities/mine`}>{t('opportunities.mine.title')}</a>
            {' · '}
            <a class="button" href={`/${locale}/opportunities/new`}>
              {t('opportunities.new.title')}
            </a>
          </>
        )}
      </p>
      <form
        id="board-form"
        class="directory__form"
        action={`/${locale}/opportunities`}
        method="get"
        hx-get={`/${locale}/opportunities`}
        hx-target="#board-body"
        hx-swap="outerHTML"
        hx-push-url="true"
        hx-trigger="change, submit"
        hx-indicator="#board-form"
      >
        <div class="search-row" role="search">
          <QueryField
            id="q"
            label={t('opportunities.search_label')}
            placeholder={t('opportunities.search_placeholder')}
            value={state.q}
            hideLabel
          />
          <button type="submit" class="button">
            {t('core.nav.search')}
          </button>
        </div>
        <p class="loading-note" aria-hidden="true">
          {t('core.search.loading')}
        </p>
        <BoardBody {...props} />
      </form>
    </div>
  )
}
