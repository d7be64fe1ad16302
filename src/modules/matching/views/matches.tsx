import type { FormState } from '../../../core/forms'
import type { I18n } from '../../../core/i18n'
import { FormMessage, Notice } from '../../../core/views/components'
import type { OpportunityMatch, PartnerMatch, ShownIntroduction } from '../service'
import {
  ButtonForm,
  everythingSaid,
  MatchedOrganisation,
  NoteForm,
  Reasons,
  type ReasonText,
  Score,
} from './components'

/** What failed on the page, shown where it happened. */
export type MatchesFailure =
  | { form: 'introduce'; partner: string; state: FormState }
  | { form: 'answer'; id: number; message: string }
  | { form: 'page'; message: string }

export interface MatchesPageProps {
  actor: { slug: string; name: string }
  partners: PartnerMatch[]
  opportunities: OpportunityMatch[]
  introductions: ShownIntroduction[]
  cityName: (id: string) => string
  reasonText: ReasonText
  /** The viewer is one of the organisation's people: the buttons are theirs. */
  canAct: boolean
  notice?: string
  failure?: MatchesFailure
  i18n: I18n
}

function PartnerCard(props: MatchesPageProps & { match: PartnerMatch }) {
  const { match, actor, i18n, failure } = props
  const { t, locale } = i18n
  const other = match.actor
  const base = `/${locale}/organisations/${actor.slug}/matches`
  const state = failure?.form === 'introduce' && failure.partner === other.slug ? failure.state : undefined
  const nameId = `partner-${other.slug}`
  return (
    <li class="card match-card" id={`match-${other.slug}`}>
      <div class="match-card__body">
        <div class="match-card__head">
          <MatchedOrganisation
            actor={{ ...other, cluster_id: other.cluster_id }}
            cityName={props.cityName(other.cluster_id)}
            i18n={i18n}
          />
          <Score score={match.score} i18n={i18n} />
        </div>
        <span class="visually-hidden" id={nameId}>
          {other.name}
        </span>
        <Reasons
          reasons={match.reasons}
          text={props.reasonText}
          i18n={i18n}
          label={t('matching.match.why', { name: other.name })}
        />
        {props.canAct && (
          <div class="match-card__actions">
            <NoteForm
              action={`${base}/introductions`}
              summary={t('matching.action.introduce')}
              fields={{ partner: other.slug }}
              label={t('matching.field.note', { organisation: other.name })}
              hint={t('matching.field.note_hint')}
              submit={t('matching.action.send_request')}
              idPrefix={other.slug}
              state={state}
              hiddenErrors={['partner']}
            />
            <ButtonForm
              action={`${base}/dismissals`}
              fields={{ target: 'actor', id: String(other.id) }}
              label={t('matching.action.dismiss')}
              variant="quiet"
              describedBy={nameId}
            />
          </div>
        )}
      </div>
    </li>
  )
}

function OpportunityCard(props: MatchesPageProps & { match: OpportunityMatch }) {
  const { match, actor, i18n } = props
  const { t, locale } = i18n
  const o = match.opportunity
  const title = i18n.text(o.title, o.original_language)
  const titleId = `opportunity-${o.id}`
  return (
    <li class="card match-card" id={`match-opportunity-${o.id}`}>
      <div class="match-card__body">
        <div class="match-card__head">
          <div class="match-org__text">
            <h3 class="card__title" id={titleId}>
              <a href={`/${locale}/opportunities/${o.slug}`} lang={title.lang}>
                {title.text}
              </a>
            </h3>
            <p class="card__meta">
              {t(`opportunities.type.${o.type}`)} · {o.poster_name ? `${o.poster_name} · ` : ''}
              {props.cityName(o.cluster_id)}
              {o.deadline && (
                <>
                  {' '}
                  · {t('matching.match.deadline', { date: i18n.date(o.deadline, { dateStyle: 'medium' }) })}
                </>
              )}
            </p>
          </div>
          <Score score={match.score} i18n={i18n} />
        </div>
        <Reasons
          reasons={match.reasons}
          text={props.reasonText}
          i18n={i18n}
          label={t('matching.match.why', { name: title.text })}
        />
        {props.canAct && (
          <div class="match-card__actions">
            <a class="button" href={`/${locale}/opportunities/${o.slug}`} aria-describedby={titleId}>
              {t('matching.action.read_opportunity')}
            </a>
            <ButtonForm
              action={`/${locale}/organisations/${actor.slug}/matches/dismissals`}
              fields={{ target: 'opportunity', id: String(o.id) }}
              label={t('matching.action.dismiss')}
              variant="quiet"
              describedBy={titleId}
            />
          </div>
        )}
      </div>
    </li>
  )
}

/** Where an introduction stands, from this organisation's side. */
export function introductionState(i: ShownIntroduction, i18n: I18n): string {
  const { t } = i18n
  if (i.status === 'pending')
    return i.ourAnswer === 'pending'
      ? t('matching.introductions.waiting_us')
      : t('matching.introductions.waiting_them', { organisation: i.other.name })
  return t(`matching.introductions.status.${i.status}`)
}

function IntroductionItem(props: MatchesPageProps & { intro: ShownIntroduction }) {
  const { intro: i, actor, i18n, failure } = props
  const { t, locale } = i18n
  const other = <a href={`/${locale}/actors/${i.other.slug}`}>{i.other.name}</a>
  const headline = i.byClusterId
    ? t('matching.introductions.by_cluster', { city: props.cityName(i.byClusterId) })
    : i.askedByUs
      ? t('matching.introductions.asked_by_us')
      : t('matching.introductions.asked_of_us')
  const waitingForUs = i.status === 'pending' && i.ourAnswer === 'pending'
  const base = `/${locale}/organisations/${actor.slug}/matches/introductions/${i.id}/answer`
  const error = failure?.form === 'answer' && failure.id === i.id ? failure.message : undefined
  const nameId = `introduction-${i.id}-name`
  return (
    <li class="introduction" id={`introduction-${i.id}`}>
      <p class="introduction__head">
        <strong id={nameId}>{other}</strong>
        <span class="muted">
          {' · '}
          {headline} · {i18n.date(i.createdAt, { dateStyle: 'medium' })}
        </span>
      </p>
      {i.note && (
        <blockquote class="introduction__note">
          <p>{i.note}</p>
        </blockquote>
      )}
      {error && (
        <p class="field__error" role="alert">
          {error}
        </p>
      )}
      <p class="introduction__state">
        <span class={`status status--${i.status}`}>{introductionState(i, i18n)}</span>
        {i.conversationId && (
          <>
            {' · '}
            <a href={`/${locale}/messages/${i.conversationId}`}>{t('matching.introductions.conversation')}</a>
          </>
        )}
      </p>
      {waitingForUs && props.canAct && (
        <div class="match-card__actions">
          <ButtonForm
            action={base}
            fields={{ answer: 'accept' }}
            label={t('matching.action.accept')}
            describedBy={nameId}
          />
          <ButtonForm
            action={base}
            fields={{ answer: 'decline' }}
            label={t('matching.action.decline')}
            variant="danger"
            describedBy={nameId}
          />
        </div>
      )}
    </li>
  )
}

/** An organisation's recommended partners and opportunities, with reasons, and its introductions. */
export function MatchesPage(props: MatchesPageProps) {
  const { actor, partners, opportunities, introductions, i18n } = props
  const { t, locale } = i18n
  const waiting = introductions.filter((i) => i.status === 'pending' && i.ourAnswer === 'pending')
  const failure = props.failure
  // An introduction that failed for a partner not among the cards: its errors are said at the top.
  const lostIntroduction =
    failure?.form === 'introduce' && !partners.some((p) => p.actor.slug === failure.partner)
      ? failure.state
      : undefined
  return (
    <section class="page matching">
      <p class="eyebrow">
        <a href={`/${locale}/actors/${actor.slug}`}>{actor.name}</a>
      </p>
      <h1>{t('matching.matches.title')}</h1>
      <p class="lead">{t('matching.matches.lead', { organisation: actor.name })}</p>
      {!props.canAct && <p class="muted">{t('matching.matches.read_only')}</p>}
      <Notice text={props.notice} />
      {props.failure?.form === 'page' && <FormMessage state={props.failure} />}
      {lostIntroduction && <FormMessage state={{ message: everythingSaid(lostIntroduction) }} />}
      {waiting.length > 0 && (
        <p class="notice">
          <a href="#introductions">{t('matching.matches.waiting', { count: waiting.length })}</a>
        </p>
      )}

      <section id="partners" aria-labelledby="partners-heading">
        <h2 id="partners-heading">{t('matching.matches.partners')}</h2>
        {partners.length ? (
          <ol class="card-list match-list">
            {partners.map((match) => (
              <PartnerCard {...props} match={match} />
            ))}
          </ol>
        ) : (
          <div class="empty-state">
            <p>{t('matching.matches.no_partners')}</p>
            {props.canAct && (
              <p>
                <a href={`/${locale}/organisations/${actor.slug}/edit`}>
                  {t('matching.matches.edit_profile')}
                </a>
              </p>
            )}
          </div>
        )}
      </section>

      <section id="opportunities" aria-labelledby="opportunities-heading">
        <h2 id="opportunities-heading">{t('matching.matches.opportunities')}</h2>
        {opportunities.length ? (
          <ol class="card-list match-list">
            {opportunities.map((match) => (
              <OpportunityCard {...props} match={match} />
            ))}
          </ol>
        ) : (
          <p class="empty-state">{t('matching.matches.no_opportunities')}</p>
        )}
        <p>
          <a href={`/${locale}/opportunities`}>{t('matching.matches.board')}</a>
        </p>
      </section>

      <section id="introductions" aria-labelledby="introductions-heading">
        <h2 id="introductions-heading">{t('matching.introductions.title')}</h2>
        {introductions.length ? (
          <ul class="introduction-list">
            {introductions.map((intro) => (
              <IntroductionItem {...props} intro={intro} />
            ))}
          </ul>
        ) : (
          <p class="empty-state">{t('matching.introductions.none')}</p>
        )}
      </section>
    </section>
  )
}
