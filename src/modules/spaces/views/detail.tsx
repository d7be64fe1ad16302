import type { FormState } from '../../../core/forms'
import type { I18n } from '../../../core/i18n'
import { Field, FormMessage, Notice, WrittenText } from '../../../core/views/components'
import type { ActorSummary } from '../../actors/service'
import type { Cluster, District } from '../../network/service'
import { photoUrl } from '../photos'
import type { ListedApplication, ListedSpace } from '../service'
import { rentText } from './list'

export interface ApplyPanel {
  signedIn: boolean
  organisations: ActorSummary[]
  applied: ListedApplication[]
  state?: FormState
}

export interface OwnerTools {
  canManage: boolean
  openApplications: number
}

/** The application form, or what the viewer's organisations applied with already. */
function Apply(props: { space: ListedSpace; panel: ApplyPanel; i18n: I18n }) {
  const { space, panel, i18n } = props
  const { t, locale } = i18n
  const here = `/${locale}/spaces/${space.slug}`
  const open = space.status === 'available' || space.status === 'under_application'
  return (
    <section class="apply-panel" aria-labelledby="apply-title">
      <h2 id="apply-title">{t('spaces.apply.title')}</h2>
      {panel.applied.map((a) => (
        <p class="notice">
          {t('spaces.apply.applied', { organisation: a.actorName, date: i18n.date(a.createdAt) })}{' '}
          <span class={`status status--${a.status}`}>{t(`spaces.application_status.${a.status}`)}</span>
          {a.conversationId && (
            <>
              {' · '}
              <a href={`/${locale}/messages/${a.conversationId}`}>{t('spaces.applications.conversation')}</a>
            </>
          )}
        </p>
      ))}
      {!open ? (
        <p>{t('spaces.apply.closed')}</p>
      ) : !panel.signedIn ? (
        <p>
          <a href={`/${locale}/login?next=${encodeURIComponent(here)}`}>{t('spaces.apply.sign_in')}</a>
        </p>
      ) : panel.organisations.length === 0 ? (
        panel.applied.length === 0 && <p>{t('spaces.apply.no_organisation')}</p>
      ) : (
        <form method="post" action={`${here}/apply`} class="form" novalidate>
          <FormMessage state={panel.state} />
          <Field
            name="organisation"
            label={t('spaces.apply.organisation')}
            state={panel.state}
            required
            options={panel.organisations.map((o) => ({ value: String(o.id), label: o.name }))}
          />
          <Field
            name="proposal"
            label={t('spaces.field.proposal')}
            hint={t('spaces.apply.proposal_hint')}
            state={panel.state}
            required
            multiline
            maxlength={2000}
          />
          <Field name="people" label={t('spaces.field.people')} type="number" state={panel.state} required />
          <Field
            name="hours"
            label={t('spaces.field.hours')}
            hint={t('spaces.apply.hours_hint')}
            state={panel.state}
            required
            maxlength={300}
          />
          <Field
            name="contribution"
            label={t('spaces.field.contribution')}
            hint={t('spaces.apply.contribution_hint')}
            state={panel.state}
            required
            multiline
            maxlength={2000}
          />
          <button type="submit" class="button">
            {t('spaces.apply.submit')}
          </button>
        </form>
      )}
    </section>
  )
}

/** A space: photos, every field in the reader's language, a small map, the owner, the application form. */
export function DetailPage(props: {
  space: ListedSpace
  photos: { storageKey: string }[]
  city: Cluster
  district: District | null
  owner: OwnerTools
  panel: ApplyPanel
  notice?: string
  i18n: I18n
}) {
  const { space: s, i18n, city, district } = props
  const { t, locale } = i18n
  const title = i18n.text(s.title, s.originalLanguage)
  const base = `/${locale}/spaces/${s.slug}`
  const fact = (label: string, value: string | null | undefined) =>
    value ? (
      <div>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </div>
    ) : null
  return (
    <article class="page space-detail">
      <p class="eyebrow">
        <a href={`/${locale}/spaces`}>{t('spaces.title')}</a> · {t(`spaces.type.${s.type}`)} · {city.cityName}
        {district && (
          <>
            {' · '}
            <a href={`/${locale}/districts/${district.id}`}>{district.name}</a>
          </>
        )}
      </p>
      <h1 lang={title.lang}>{title.text}</h1>
      <Notice text={props.notice} />
      <p>
        <span class={`status status--${s.status}`}>{t(`spaces.status.${s.status}`)}</span>
        {s.demo && <span class="badge">{t('spaces.demo')}</span>}
        {s.status === 'let' && s.tenantSlug && (
          <>
            {' '}
            {t('spaces.let_to')} <a href={`/${locale}/actors/${s.tenantSlug}`}>{s.tenantName}</a>
          </>
        )}
      </p>
      {props.owner.canManage && (
        <div class="owner-tools">
          <p class="actions">
            {s.status !== 'withdrawn' && <a href={`${base}/edit`}>{t('spaces.edit.title')}</a>}
            {' · '}
            <a href={`${base}/applications`}>
              {t('spaces.applications.link', { count: props.owner.openApplications })}
            </a>
          </p>
          {(s.status === 'available' || s.status === 'under_application') && (
            <form method="post" action={`${base}/withdraw`} class="inline-form">
              <button type="submit" class="button button--danger">
                {t('spaces.withdraw')}
              </button>
            </form>
          )}
          {s.status === 'let' && (
            <form method="post" action={`${base}/end-tenancy`} class="inline-form">
              <button type="submit" class="button">
                {t('spaces.end_tenancy')}
              </button>
            </form>
          )}
        </div>
      )}
      {props.photos.length > 0 && (
        <ul class="space-photos" aria-label={t('spaces.field.photos')}>
          {props.photos.map((p, i) => (
            <li>
              <a href={photoUrl(p.storageKey)}>
                <img
                  src={photoUrl(p.storageKey)}
                  alt={t('spaces.photo_alt', { n: i + 1, title: title.text })}
                  loading={i === 0 ? undefined : 'lazy'}
                />
              </a>
            </li>
          ))}
        </ul>
      )}
      <div class="space-detail__grid">
        <div>
          <WrittenText value={s.description} original={s.originalLanguage} i18n={i18n} />
          <dl class="facts">
            {fact(t('spaces.field.address'), s.address)}
            {fact(t('spaces.field.floor_area'), t('spaces.area', { area: i18n.number(s.floorArea) }))}
            {fact(t('spaces.field.condition'), t(`spaces.condition.${s.condition}`))}
            {fact(t('spaces.field.terms'), t(`spaces.terms.${s.terms}`))}
            {fact(t('spaces.field.rent_per_month'), rentText(s, i18n))}
            {fact(
              t('spaces.field.available'),
              s.availableTo
                ? t('spaces.available_between', {
                    from: i18n.date(s.availableFrom),
                    to: i18n.date(s.availableTo),
                  })
                : t('spaces.available_from', { date: i18n.date(s.availableFrom) }),
            )}
            {fact(
              t('spaces.field.facilities'),
              s.facilities.map((f) => t(`spaces.facility.${f}`)).join(', ') || t('spaces.no_facilities'),
            )}
          </dl>
          {s.accessibility && Object.keys(s.accessibility).length > 0 && (
            <section aria-labelledby="accessibility-title">
              <h2 id="accessibility-title">{t('spaces.field.accessibility')}</h2>
              <WrittenText value={s.accessibility} original={s.originalLanguage} i18n={i18n} />
            </section>
          )}
        </div>
        <aside>
          <div
            class="map map--small"
            role="region"
            aria-label={t('spaces.map_label', { address: s.address })}
            data-point={`${s.lat},${s.lon}`}
            data-name={title.text}
          />
          <section class="card owner-card" aria-labelledby="owner-title">
            <div class="card__body">
              <h2 id="owner-title">{t('spaces.owner')}</h2>
              <p>
                <a href={`/${locale}/actors/${s.ownerSlug}`}>{s.ownerName}</a>
              </p>
            </div>
          </section>
        </aside>
      </div>
      {!props.owner.canManage && <Apply space={s} panel={props.panel} i18n={i18n} />}
    </article>
  )
}
