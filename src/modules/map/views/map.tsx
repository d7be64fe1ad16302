import type { Bbox } from '../../../core/geo'
import { bboxText } from '../../../core/geo'
import type { I18n } from '../../../core/i18n'
import { Field } from '../../../core/views/components'
import { districtStatuses } from '../../districts/schema'

export const layerNames = ['districts', 'spaces', 'actors'] as const
export type LayerName = (typeof layerNames)[number]

/** The filters of the map page, as the form sends them (all optional, a blank field is no choice). */
export interface MapFilters {
  city?: string
  district?: string
  type?: string
  min_area?: number
  max_area?: number
  sector?: string
}

export interface ListItem {
  name: string
  href: string
  detail?: string
}

/** One layer's part of the side list: the first items and how many there are in all. */
export interface ListSection {
  layer: LayerName
  total: number
  items: ListItem[]
}

interface Option {
  value: string
  label: string
}

export interface MapPageProps {
  filters: MapFilters
  cities: (Option & { bbox: Bbox })[]
  districts: (Option & { city: string; bbox: Bbox })[]
  spaceTypes: Option[]
  sectors: Option[]
  sections: ListSection[]
  /** Where the map opens: the chosen district, the chosen city or the whole network; a city's and a district's
   * box go with their options, so the script shows the one chosen. */
  bbox: Bbox
  networkBbox: Bbox
  /** What the script needs to name things in the reader's language. */
  labels: Record<string, string>
  /** The directory with the same city and sector, for actors too many to name. */
  directoryUrl: string
  i18n: I18n
}

/** How many of each layer the side list names; the count says how many there are. */
export const listLength = 20

/** The spaces the map shows: those on offer and those let (the renewal's story), not ended or withdrawn ones. */
export const shownSpaceStatuses = ['available', 'under_application', 'let'] as const

function Legend(props: { i18n: I18n }) {
  const { t } = props.i18n
  return (
    <div class="map-legend">
      <p class="map-legend__group">
        <span class="map-legend__title">{t('map.layer.districts')}:</span>
        {districtStatuses.map((s) => (
          <span class="map-legend__item">
            <span class={`map-swatch district-swatch--${s}`} aria-hidden="true"></span>
            {t(`districts.status.${s}`)}
          </span>
        ))}
      </p>
      <p class="map-legend__group">
        <span class="map-legend__title">{t('map.layer.spaces')}:</span>
        {shownSpaceStatuses.map((s) => (
          <span class="map-legend__item">
            <span class={`map-swatch space-swatch--${s}`} aria-hidden="true"></span>
            {t(`spaces.status.${s}`)}
          </span>
        ))}
      </p>
    </div>
  )
}

/** The side list: what matches the filters (without JavaScript) or what is in view (the script replaces it). */
export function MapSections(props: { sections: ListSection[]; directoryUrl: string; i18n: I18n }) {
  const { t, number } = props.i18n
  return (
    <>
      {props.sections.map((section) => (
        <section class="map-list__section" data-layer={section.layer}>
          <h3>
            {t(`map.layer.${section.layer}`)} <span class="map-list__count">({number(section.total)})</span>
          </h3>
          {section.items.length ? (
            <ol>
              {section.items.map((item) => (
                <li>
                  <a href={item.href}>{item.name}</a>
                  {item.detail && <span class="muted"> · {item.detail}</span>}
                </li>
              ))}
            </ol>
          ) : (
            <p class="muted">{t('map.list.none')}</p>
          )}
          {section.total > section.items.length && (
            <p class="muted">
              {t('map.list.more', { count: number(section.total - section.items.length) })}
              {section.layer === 'actors' && (
                <>
                  {' '}
                  <a href={props.directoryUrl}>{t('map.list.directory')}</a>
                </>
              )}
            </p>
          )}
        </section>
      ))}
    </>
  )
}

export function MapPage(props: MapPageProps) {
  const { filters, i18n } = props
  const { t, locale } = i18n
  const values: Record<string, string> = Object.fromEntries(
    Object.entries(filters)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  )
  const state = { values, errors: {} }
  const any = (label: string) => [{ value: '', label }]
  return (
    <div class="page map-page">
      <h1>{t('map.title')}</h1>
      <p class="lead">{t('map.lead')}</p>
      <form id="map-filters" class="map-filters" method="get" action={`/${locale}/map`}>
        <div class="field">
          <label for="field-city">{t('map.filter.city')}</label>
          <select id="field-city" name="city">
            <option value="" data-bbox={bboxText(props.networkBbox)}>
              {t('map.filter.any_city')}
            </option>
            {props.cities.map((city) => (
              <option
                value={city.value}
                selected={city.value === filters.city}
                data-bbox={bboxText(city.bbox)}
              >
                {city.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="field-district">{t('map.filter.district')}</label>
          <select id="field-district" name="district">
            <option value="">{t('map.filter.any_district')}</option>
            {props.cities.map((city) => (
              <optgroup label={city.label}>
                {props.districts
                  .filter((d) => d.city === city.value)
                  .map((d) => (
                    <option
                      value={d.value}
                      selected={d.value === filters.district}
                      data-bbox={bboxText(d.bbox)}
                    >
                      {d.label}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
        <Field
          name="type"
          label={t('map.filter.type')}
          state={state}
          options={[...any(t('map.filter.any_type')), ...props.spaceTypes]}
        />
        <Field name="min_area" type="number" label={t('map.filter.min_area')} state={state} />
        <Field name="max_area" type="number" label={t('map.filter.max_area')} state={state} />
        <Field
          name="sector"
          label={t('map.filter.sector')}
          state={state}
          options={[...any(t('map.filter.any_sector')), ...props.sectors]}
        />
        <button type="submit" class="button">
          {t('map.filter.apply')}
        </button>
      </form>
      <div class="map-layout map-layout--page">
        <div class="map-main">
          {/* Layers only matter where the map runs: the script shows this. */}
          <fieldset id="map-layers" class="map-layers" hidden>
            <legend>{t('map.layers')}</legend>
            {layerNames.map((layer) => (
              <label>
                <input type="checkbox" value={layer} checked /> {t(`map.layer.${layer}`)}
              </label>
            ))}
          </fieldset>
          <div
            id="renewal-map"
            class="map map--page"
            role="region"
            aria-label={t('map.region')}
            data-bbox={bboxText(props.bbox)}
            data-districts="/api/v1/geo/districts"
            data-spaces="/api/v1/geo/spaces"
            data-space-statuses={shownSpaceStatuses.join(',')}
            data-actors="/api/v1/geo/actors"
            data-directory={`/${locale}/actors`}
            data-labels={JSON.stringify(props.labels)}
          ></div>
          <Legend i18n={i18n} />
        </div>
        <section class="map-list" aria-labelledby="map-list-title">
          <h2 id="map-list-title" class="map-list__title">
            {t('map.list.matching')}
          </h2>
          <div id="map-sections">
            <MapSections sections={props.sections} directoryUrl={props.directoryUrl} i18n={i18n} />
          </div>
        </section>
      </div>
    </div>
  )
}
