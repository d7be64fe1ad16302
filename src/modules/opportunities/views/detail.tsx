import type { FormState } from '../../../core/forms'
import { type I18n, languageNames } from '../../../core/i18n'
import { Field, FormMessage, Notice, WrittenText } from '../../../core/views/components'
import type { ActorSummary } from '../../actors/service'
import { Avatar, CapabilityChips, SectorChips } from '../../actors/views/components'
import type { Cluster } from '../../network/service'
import type { Taxonomy } from '../../taxonomy/service'
import type { ListedInterest, ListedOpportunity } from '../service'

const money = (i18n: I18n, value: number, currency = 'EUR') =>
  i18n.number(value, { style: 'currency', currency, maximumFractionDigits: 0 })

/** The type's own fields, in the reader's language. */
function Details(props: { opportunity: ListedOpportunity; i18n: I18n }) {
  const { opportunity: o, i18n } = props
  const { t } = i18n
  const d = o.details
  const rows: [string, string][] = []
  if (d.contractType)
    rows.push([t('opportunities.field.contract_type'), t(`opportunities.contract.${d.contractType}`)])
  if (d.hoursPerWeek)
    rows.push([t('opportunities.field.hours'), t('opportunities.hours_value', { hours: d.hoursPerWeek })])
  if (d.salaryMin !== undefined || d.salaryMax !== undefined)
    rows.push([
      t('opportunities.field.salary'),
      [d.salaryMin, d.salaryMax]
        .filter((v) => v !== undefined)
        .map((v) => money(i18n, v!, d.currency))
        .join(' – '),
    ])
  if (d.remote !== undefined)
    rows.push([t('opportunities.field.remote'), t(d.remote ? 'opportunities.yes' : 'opportunities.no')])
  if (d.budget !== undefined) rows.push([t('opportunities.field.budget'), money(i18n, d.budget, d.currency)])
  if (d.sizeM2) rows.push([t('opportunities.field.size'), t('opportunities.size_value', { size: d.sizeM2 })])
  if (d.pricePerMonth !== undefined)
    rows.push([t('opportunities.field.price'), money(i18n, d.pricePerMonth, d.currency)])
  if (d.address) rows.push([t('opportunities.field.address'), d.address])
  return (
    <>
      {rows.map(([label, value]) => (
        <>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </>
  )
}

function Poster(props: { opportunity: ListedOpportunity; city: Cluster; i18n: I18n }) {
  const { opportunity: o, city, i18n } = props
  const { t, locale } = i18n
  return (
    <section class="card poster-card" aria-labelledby="poster">
      <h2 id="poster">{t('opportunities.posted_by')}</h2>
      {o.posterSlug && o.posterName ? (
        <p>
          <Avatar name={o.posterName} cityId={o.clusterId} />{' '}
          <a href={`/${locale}/actors/${o.posterSlug}`}>{o.posterName}</a> ·{' '}
          <a href={`/${locale}/clusters/${city.id}`}>{city.cityName}</a>
        </p>
      ) : (
        <p>
          <a href={`/${locale}/clusters/${city.id}`}>
            {t('opportunities.cluster_poster', { city: city.cityName })}
          </a>
        </p>
      )}
      {o.publishedAt && (
        <p class="muted">{t('opportunities.published_on', { date: i18n.date(o.publishedAt) })}</p>
      )}
    </section>
  )
}

export interface Management {
  canManage: boolean
  canPin: boolean
  interests: number
}

function ManageActions(props: { opportunity: ListedOpportunity; manage: Management; i18n: I18n }) {
  const { opportunity: o, manage, i18n } = props
  const { t, locale } = i18n
  const base = `/${locale}/opportunities/${o.slug}`
  if (!manage.canManage && !manage.canPin) return null
  return (
    <section class="card" aria-labelledby="manage">
      <h2 id="manage">{t('opportunities.manage.title')}</h2>
      {manage.canManage && (
        <ul class="plain-list">
          <li>
            <a href={`${base}/edit`}>{t('opportunities.manage.edit')}</a>
          </li>
          <li>
            <a href={`${base}/interests`}>
              {t('opportunities.manage.interests', { count: manage.interests })}
            </a>
          </li>
        </ul>
      )}
      <div class="actions">
        {manage.canManage && o.status === 'draft' && (
          <>
            <form method="post" action={`${base}/publish`} class="inline-form">
              <button type="submit" class="button">
                {t('opportunities.manage.publish')}
              </button>
            </form>
            <form method="post" action={`${base}/delete`} class="inline-form">
              <button type="submit" class="button button--danger">
                {t('opportunities.manage.delete')}
              </button>
            </form>
          </>
        )}
        {manage.canManage && o.status === 'published' && (
          <form method="post" action={`${base}/close`} class="inline-form">
            <button type="submit" class="button button--quiet">
              {t('opportunities.manage.close')}
            </button>
          </form>
        )}
        {manage.canManage && (o.status === 'closed' || o.status === 'expired') && (
          <form method="post" action={`${base}/reopen`} class="inline-form">
            <Field
              name="deadline"
              type="date"
              label={t('opportunities.manage.new_deadline')}
              hint={t('opportunities.manage.new_deadline_hint')}
              value={o.deadline ?? ''}
            />
            <button type="submit" class="button">
              {t('opportunities.manage.reopen')}
            </button>
          </form>
        )}
        {manage.canPin && (
          <form method="post" action={`${base}/pin`} class="inline-form">
            <input type="hidden" name="pinned" value={o.pinned ? 'false' : 'true'} />
            <button type="submit" class="button button--quiet">
              {t(o.pinned ? 'opportunities.manage.unpin' : 'opportunities.manage.pin')}
            </button>
          </form>
        )}
      </div>
    </section>
  )
}

export interface InterestPanel {
  signedIn: boolean
  organisations: ActorSummary[]
  expressed: ListedInterest[]
  state?: FormState
}

function Interest(props: { opportunity: ListedOpportunity; panel: InterestPanel; i18n: I18n }) {
  const { opportunity: o, panel, i18n } = props
  const { t, locale } = i18n
  const base = `/${locale}/opportunities/${o.slug}`
  return (
    <section class="card" aria-labelledby="interest">
      <h2 id="interest">{t('opportunities.interest.title')}</h2>
      {panel.expressed.map((e) => (
        <p>
          {t('opportunities.interest.yours', { organisation: e.actorName, date: i18n.date(e.createdAt) })}{' '}
          <span class={`status status--${e.status}`}>{t(`opportunities.interest_status.${e.status}`)}</span>
          {e.status === 'accepted' && e.conversationId && (
            <>
              {' '}
              <a href={`/${locale}/messages/${e.conversationId}`}>
                {t('opportunities.interest.conversation')}
              </a>
            </>
          )}
          {e.status === 'accepted' && !e.conversationId && o.contactEmail && (
            <>
              {' '}
              {t('opportunities.interest.write_to')} <a href={`mailto:${o.contactEmail}`}>{o.contactEmail}</a>
            </>
          )}
        </p>
      ))}
      {o.status !== 'published' ? (
        <p>{t(`opportunities.interest.not_open.${o.status}`)}</p>
      ) : !panel.signedIn ? (
        <p>
          <a href={`/${locale}/login?next=${encodeURIComponent(base)}`}>
            {t('opportunities.interest.sign_in')}
          </a>
        </p>
      ) : panel.organisations.length ? (
        <form method="post" action={`${base}/interest`} class="form">
          <FormMessage state={panel.state} />
          {!o.actorId && <p class="muted">{t('opportunities.interest.cluster_note')}</p>}
          {panel.organisations.length > 1 ? (
            <Field
              name="organisation"
              label={t('opportunities.interest.organisation')}
              state={panel.state}
              options={panel.organisations.map((a) => ({ value: String(a.id), label: a.name }))}
              required
            />
          ) : (
            <input type="hidden" name="organisation" value={String(panel.organisations[0].id)} />
          )}
          <Field
            name="message"
            label={t('opportunities.interest.message')}
            hint={t('opportunities.interest.message_hint')}
            state={panel.state}
            multiline
            maxlength={1000}
            required
          />
          <button type="submit" class="button">
            {t('opportunities.interest.send')}
          </button>
        </form>
      ) : (
        !panel.expressed.length && <p class="muted">{t('opportunities.interest.no_organisation')}</p>
      )}
    </section>
  )
}

export function DetailPage(props: {
  opportunity: ListedOpportunity
  city: Cluster
  taxonomy: Taxonomy
  manage: Management
  panel: InterestPanel
  notice?: string
  i18n: I18n
}) {
  const { opportunity: o, taxonomy, i18n } = props
  const { t } = i18n
  const title = i18n.text(o.title, o.originalLanguage)
  const eligibility = o.details.eligibility
  return (
    <article class="page opportunity">
      <header class={`profile__band city-${o.clusterId}`}>
        <div>
          <p class="eyebrow">
            {t(`opportunities.type.${o.type}`)} · {props.city.cityName} ·{' '}
            {t(`opportunities.reach.${o.reach}`)}
            {o.pinned && <span class="badge">{t('opportunities.pinned')}</span>}
            {o.status !== 'published' && (
              <span class={`status status--${o.status}`}>{t(`opportunities.status.${o.status}`)}</span>
            )}
          </p>
          <h1 lang={title.lang}>{title.text}</h1>
          {title.foreign && (
            <p class="original-mark">
              {t('core.original_language', { language: languageNames[title.lang] ?? title.lang })}
            </p>
          )}
          <SectorChips ids={o.sectors} taxonomy={taxonomy} i18n={i18n} />
        </div>
      </header>
      <Notice text={props.notice} />
      <div class="profile__grid">
        <div class="profile__main">
          <section>
            <h2>{t('opportunities.field.description')}</h2>
            <WrittenText class="prose" value={o.description} original={o.originalLanguage} i18n={i18n} />
          </section>
          {eligibility && (
            <section>
              <h2>{t('opportunities.field.eligibility')}</h2>
              <WrittenText class="prose" value={eligibility} original={o.originalLanguage} i18n={i18n} />
            </section>
          )}
          {o.needs.length > 0 && (
            <section>
              <h2>{t('opportunities.field.needs')}</h2>
              <CapabilityChips
                ids={o.needs}
                taxonomy={taxonomy}
                i18n={i18n}
                label={t('opportunities.field.needs')}
              />
            </section>
          )}
          {o.offers.length > 0 && (
            <section>
              <h2>{t('opportunities.field.offers')}</h2>
              <CapabilityChips
                ids={o.offers}
                taxonomy={taxonomy}
                i18n={i18n}
                label={t('opportunities.field.offers')}
              />
            </section>
          )}
          <Interest opportunity={o} panel={props.panel} i18n={i18n} />
        </div>
        <aside class="profile__side">
          <Poster opportunity={o} city={props.city} i18n={i18n} />
          <dl class="profile__facts">
            <dt>{t('opportunities.field.deadline')}</dt>
            <dd>{o.deadline ? i18n.date(o.deadline) : t('opportunities.no_deadline')}</dd>
            <Details opportunity={o} i18n={i18n} />
          </dl>
          <ManageActions opportunity={o} manage={props.manage} i18n={i18n} />
        </aside>
      </div>
    </article>
  )
}
