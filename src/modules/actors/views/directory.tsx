import type { I18n } from '../../../core/i18n'
import { facetGroups, SearchBody, SearchForm } from '../../../core/views/search'
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
  return (
    <SearchBody
      id="directory-body"
      state={state}
      url={(change) => directoryUrl(locale, state, change)}
      groups={facetGroups(facetNames, result.facets, facetLimit, (f) => t(`actors.facet.${f}`))}
      result={result}
      maxPage={maxPage}
      texts={{
        count: t('actors.result_count', { count: result.total }),
        sortLabel: t('actors.sort.label'),
        emptyTitle: t('actors.empty.title'),
        emptyHelp: t('actors.empty.help'),
      }}
      sortOrders={sortOrders.map((s) => ({ value: s, label: t(`actors.sort.${s}`) }))}
      controls={
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
      }
      clearUrl={`/${locale}/actors${state.view === 'map' ? '?view=map' : ''}`}
      empty={state.view === 'list' && !result.items.length}
      paged={state.view === 'list'}
      i18n={i18n}
    >
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
      ) : (
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
      )}
    </SearchBody>
  )
}

export function DirectoryPage(props: Parameters<typeof DirectoryBody>[0]) {
  const { state, i18n } = props
  const { t, locale } = i18n
  return (
    <div class="page directory">
      <h1>{t('actors.title')}</h1>
      <SearchForm
        id="directory-form"
        bodyId="directory-body"
        action={`/${locale}/actors`}
        label={t('actors.search_label')}
        placeholder={t('actors.search_placeholder')}
        q={state.q}
        hidden={state.view === 'map' && <input type="hidden" name="view" value="map" />}
        i18n={i18n}
      >
        <DirectoryBody {...props} />
      </SearchForm>
    </div>
  )
}
