import type { I18n } from '../../../core/i18n'
import { QueryField } from '../../../core/views/components'
import { ActiveFilters, type FacetGroup, FacetGroups, Pagination } from '../../../core/views/search'
import type { Taxonomy } from '../../taxonomy/service'
import type { SearchQueryParams } from '../api'
import type { FacetName, SearchResult } from '../service'
import { facetNames, maxPage, sortOrders } from '../service'
import { ActorCard, type CityInfo } from './components'

export type DirectoryState = SearchQueryParams & { view: 'list' | 'map' }

/** The URL of a directory state, so every search can be shared and every link works without JavaScript. */
export function directoryUrl(
  locale: string,
  state: DirectoryState,
  change: Partial<DirectoryState> = {},
): string {
  const query = directoryQuery({ ...state, ...change })
  return `/${locale}/actors${query ? `?${query}` : ''}`
}

/** The query string of a directory state, defaults left out. */
export function directoryQuery(next: DirectoryState): string {
  const params = new URLSearchParams()
  if (next.q) params.set('q', next.q)
  for (const f of facetNames) for (const v of next[f] ?? []) params.append(f, v)
  if (next.sort !== 'relevance') params.set('sort', next.sort)
  if (next.page > 1) params.set('page', String(next.page))
  if (next.per_page !== 20) params.set('per_page', String(next.per_page))
  if (next.view === 'map') params.set('view', 'map')
  return params.toString()
}

const facetLimit: Record<FacetName, number> = {
  city: 20,
  sector: 9,
  kind: 8,
  size: 5,
  offers: 12,
  needs: 12,
  language: 8,
}

const groupsOf = (result: SearchResult, i18n: I18n): FacetGroup[] =>
  facetNames.map((f) => ({
    name: f,
    legend: i18n.t(`actors.facet.${f}`),
    values: result.facets[f],
    limit: facetLimit[f],
  }))

/** Facets and results: the part that htmx swaps when a filter changes. */
export function DirectoryBody(props: {
  state: DirectoryState
  result: SearchResult
  cities: Map<string, CityInfo>
  taxonomy: Taxonomy
  i18n: I18n
  geoUrl: string
}) {
  const { state, result, i18n } = props
  const { t, locale } = i18n
  const groups = groupsOf(result, i18n)
  const without = (change: { q: true } | { name: string; value: string }) =>
    'q' in change
      ? directoryUrl(locale, state, { q: undefined, page: 1 })
      : directoryUrl(locale, state, {
          [change.name]: (state[change.name as FacetName] ?? []).filter((v) => v !== change.value),
          page: 1,
        })
  return (
    <div id="directory-body" class="directory__body">
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
        hx-target="#directory-body"
        hx-select="#directory-body"
        hx-swap="outerHTML"
      >
        <div class="results__bar">
          <p id="result-count" class="results__count" role="status">
            {t('actors.result_count', { count: result.total })}
          </p>
          <div class="results__controls">
            <label for="sort">{t('actors.sort.label')}</label>
            <select id="sort" name="sort">
              {sortOrders.map((s) => (
                <option value={s} selected={state.sort === s}>
                  {t(`actors.sort.${s}`)}
                </option>
              ))}
            </select>
            <nav class="view-switch" aria-label={t('actors.view.label')} hx-boost="false">
              <a
                href={directoryUrl(locale, state, { view: 'list' })}
                aria-current={state.view === 'list' ? 'page' : undefined}
              >
                {t('actors.view.list')}
              </a>
              <a
                href={directoryUrl(locale, state, { view: 'map', page: 1 })}
                aria-current={state.view === 'map' ? 'page' : undefined}
              >
                {t('actors.view.map')}
              </a>
            </nav>
          </div>
        </div>
        <ActiveFilters
          q={state.q}
          groups={groups}
          without={without}
          clearUrl={`/${locale}/actors${state.view === 'map' ? '?view=map' : ''}`}
          i18n={i18n}
        />
        {state.view === 'map' ? (
          <div class="map-layout">
            <div
              id="map"
              class="map"
              role="region"
              aria-label={t('actors.view.map')}
              data-geojson={props.geoUrl}
              data-lang={locale}
            ></div>
            <div class="map-list">
              <h2 class="map-list__title">{t('actors.map.visible')}</h2>
              <ol id="map-list" data-empty={t('actors.map.none_visible')}></ol>
            </div>
          </div>
        ) : result.items.length ? (
          <div class="card-list" hx-boost="false">
            {result.items.map((actor) => (
              <ActorCard
                actor={actor}
                city={props.cities.get(actor.cluster_id)}
                taxonomy={props.taxonomy}
                i18n={i18n}
              />
            ))}
          </div>
        ) : (
          <div class="empty-state">
            <h2>{t('actors.empty.title')}</h2>
            <p>{t('actors.empty.help')}</p>
            <a class="button" href={`/${locale}/actors`}>
              {t('core.search.clear_all')}
            </a>
          </div>
        )}
        {state.view === 'list' && (
          <Pagination
            page={state.page}
            total={result.total}
            perPage={result.perPage}
            maxPage={maxPage}
            url={(page) => directoryUrl(locale, state, { page })}
            i18n={i18n}
          />
        )}
      </section>
    </div>
  )
}

export function DirectoryPage(props: Parameters<typeof DirectoryBody>[0]) {
  const { state, i18n } = props
  const { t, locale } = i18n
  return (
    <div class="page directory">
      <h1>{t('actors.title')}</h1>
      <form
        id="directory-form"
        class="directory__form"
        action={`/${locale}/actors`}
        method="get"
        hx-get={`/${locale}/actors`}
        hx-target="#directory-body"
        hx-swap="outerHTML"
        hx-push-url="true"
        hx-trigger="change, submit"
        hx-indicator="#directory-form"
      >
        <div class="search-row" role="search">
          <QueryField
            id="q"
            label={t('actors.search_label')}
            placeholder={t('actors.search_placeholder')}
            value={state.q}
            hideLabel
          />
          <button type="submit" class="button">
            {t('core.nav.search')}
          </button>
          {state.view === 'map' && <input type="hidden" name="view" value="map" />}
        </div>
        <p class="loading-note" aria-hidden="true">
          {t('core.search.loading')}
        </p>
        <DirectoryBody {...props} />
      </form>
    </div>
  )
}
