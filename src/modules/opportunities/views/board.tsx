import type { I18n } from '../../../core/i18n'
import { WrittenText } from '../../../core/views/components'
import { facetGroups, SearchBody, SearchForm } from '../../../core/views/search'
import { SectorChips } from '../../actors/views/components'
import type { Taxonomy } from '../../taxonomy/service'
import type { BoardQuery } from '../api'
import {
  type FacetName,
  facetNames,
  type ListedOpportunity,
  maxPage,
  posterName,
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
          {posterName(i18n, o, city)} · <DeadlineNote opportunity={o} i18n={i18n} />
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
  return (
    <SearchBody
      id="board-body"
      state={state}
      url={(change) => boardUrl(locale, state, change)}
      groups={facetGroups(facetNames, result.facets, facetLimit, (f) => t(`opportunities.facet.${f}`))}
      result={result}
      maxPage={maxPage}
      texts={{
        count: t('opportunities.result_count', { count: result.total }),
        sortLabel: t('opportunities.sort.label'),
        emptyTitle: t('opportunities.empty.title'),
        emptyHelp: t('opportunities.empty.help'),
      }}
      sortOrders={sortOrders.map((s) => ({ value: s, label: t(`opportunities.sort.${s}`) }))}
      clearUrl={`/${locale}/opportunities`}
      empty={!result.items.length}
      paged
      i18n={i18n}
    >
      <div class="card-list" hx-boost="false">
        {result.items.map((o) => (
          <OpportunityCard opportunity={o} cities={props.cities} taxonomy={props.taxonomy} i18n={i18n} />
        ))}
      </div>
    </SearchBody>
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
      <SearchForm
        id="board-form"
        bodyId="board-body"
        action={`/${locale}/opportunities`}
        label={t('opportunities.search_label')}
        placeholder={t('opportunities.search_placeholder')}
        q={state.q}
        i18n={i18n}
      >
        <BoardBody {...props} />
      </SearchForm>
    </div>
  )
}
