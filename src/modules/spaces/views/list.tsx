import type { I18n } from '../../../core/i18n'
import { facetGroups, SearchBody, SearchForm } from '../../../core/views/search'
import type { SpacesQuery } from '../api'
import { photoUrl } from '../photos'
import {
  type FacetName,
  facetNames,
  type ListedSpace,
  maxPage,
  type SearchResult,
  sortOrders,
} from '../service'

/** The query string of a list state, defaults left out. */
export function spacesQuery(state: SpacesQuery, change: Partial<SpacesQuery> = {}): string {
  const next = { ...state, ...change }
  const params = new URLSearchParams()
  if (next.q) params.set('q', next.q)
  for (const f of facetNames) for (const v of next[f] ?? []) params.append(f, v)
  if (next.available_by) params.set('available_by', next.available_by)
  if (next.sort !== 'relevance') params.set('sort', next.sort)
  if (next.page > 1) params.set('page', String(next.page))
  if (next.per_page !== 20) params.set('per_page', String(next.per_page))
  return params.toString()
}

export function spacesUrl(locale: string, state: SpacesQuery, change: Partial<SpacesQuery> = {}) {
  const query = spacesQuery(state, change)
  return `/${locale}/spaces${query ? `?${query}` : ''}`
}

const facetLimit: Record<FacetName, number> = {
  city: 10,
  district: 12,
  type: 7,
  size: 4,
  rent: 4,
  terms: 4,
  status: 3,
}

/** What a space costs a month, or its meanwhile terms. */
export function rentText(space: Pick<ListedSpace, 'rentPerMonth' | 'terms'>, i18n: I18n) {
  return space.rentPerMonth
    ? i18n.t('spaces.rent_per_month', {
        rent: i18n.number(space.rentPerMonth, {
          style: 'currency',
          currency: 'EUR',
          maximumFractionDigits: 0,
        }),
      })
    : i18n.t(`spaces.terms.${space.terms}`)
}

export function SpaceCard(props: { space: ListedSpace; cityName?: string; i18n: I18n }) {
  const { space: s, i18n } = props
  const { t, locale } = i18n
  const title = i18n.text(s.title, s.originalLanguage)
  return (
    <article class={`card space-card city-${s.clusterId}`}>
      {s.firstPhoto ? (
        <img
          class="space-card__photo"
          src={photoUrl(s.firstPhoto)}
          alt=""
          loading="lazy"
          width={160}
          height={120}
        />
      ) : (
        <div class="space-card__photo space-card__photo--none" aria-hidden="true" />
      )}
      <div class="card__body">
        <p class="eyebrow">
          {t(`spaces.type.${s.type}`)}
          {props.cityName && ` · ${props.cityName}`}
          {s.demo && <span class="badge">{t('spaces.demo')}</span>}
        </p>
        <h3 class="card__title">
          <a href={`/${locale}/spaces/${s.slug}`} lang={title.lang}>
            {title.text}
          </a>
        </h3>
        <p class="card__meta">
          <span class={`status status--${s.status}`}>{t(`spaces.status.${s.status}`)}</span> ·{' '}
          {t('spaces.area', { area: i18n.number(s.floorArea) })} · {rentText(s, i18n)}
        </p>
        <p class="card__meta">
          {s.address} · {t('spaces.available_from', { date: i18n.date(s.availableFrom) })}
        </p>
        <p class="card__meta">{t('spaces.offered_by', { owner: s.ownerName })}</p>
      </div>
    </article>
  )
}

export interface CityNames {
  get(id: string): { cityName: string } | undefined
}

/** Facets and results: the part htmx swaps when a filter changes. */
export function SpacesBody(props: {
  state: SpacesQuery
  result: SearchResult
  cities: CityNames
  i18n: I18n
}) {
  const { state, result, i18n } = props
  const { t, locale } = i18n
  return (
    <SearchBody
      id="spaces-body"
      state={state}
      url={(change) => spacesUrl(locale, state, change)}
      groups={facetGroups(facetNames, result.facets, facetLimit, (f) => t(`spaces.facet.${f}`))}
      result={result}
      maxPage={maxPage}
      texts={{
        count: t('spaces.result_count', { count: result.total }),
        sortLabel: t('spaces.sort.label'),
        emptyTitle: t('spaces.empty.title'),
        emptyHelp: t('spaces.empty.help'),
      }}
      sortOrders={sortOrders.map((s) => ({ value: s, label: t(`spaces.sort.${s}`) }))}
      clearUrl={`/${locale}/spaces`}
      empty={!result.items.length}
      paged
      i18n={i18n}
    >
      <div class="card-list" hx-boost="false">
        {result.items.map((s) => (
          <SpaceCard space={s} cityName={props.cities.get(s.clusterId)?.cityName} i18n={i18n} />
        ))}
      </div>
    </SearchBody>
  )
}

export function SpacesPage(
  props: Parameters<typeof SpacesBody>[0] & { signedIn: boolean; canReport: boolean; notice?: string },
) {
  const { state, i18n } = props
  const { t, locale } = i18n
  return (
    <div class="page directory">
      <h1>{t('spaces.title')}</h1>
      <p class="lead">{t('spaces.description')}</p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <p class="actions">
        <a href={`/${locale}/map`}>{t('spaces.on_map')}</a>
        {props.signedIn && (
          <>
            {' · '}
            <a href={`/${locale}/spaces/mine`}>{t('spaces.mine.title')}</a>
            {' · '}
            <a class="button" href={`/${locale}/spaces/new`}>
              {t('spaces.new.title')}
            </a>
          </>
        )}
        {props.canReport && (
          <>
            {' · '}
            <a href={`/${locale}/spaces/report`}>{t('spaces.report.title')}</a>
          </>
        )}
      </p>
      <SearchForm
        id="spaces-form"
        bodyId="spaces-body"
        action={`/${locale}/spaces`}
        label={t('spaces.search_label')}
        placeholder={t('spaces.search_placeholder')}
        q={state.q}
        hidden={
          <span class="search-row__extra">
            <label for="available_by">{t('spaces.facet.available_by')}</label>
            <input id="available_by" type="date" name="available_by" value={state.available_by ?? ''} />
          </span>
        }
        i18n={i18n}
      >
        <SpacesBody {...props} />
      </SearchForm>
    </div>
  )
}
