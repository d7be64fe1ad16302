import type { Context, Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { z } from 'zod'
import { requireNetworkAdmin } from '../../core/auth'
import { AppError } from '../../core/errors'
import { emptyForm, type FormState, formFailure, isFormError, parseForm, readForm } from '../../core/forms'
import { type AppEnv, type Ctx, localePath, noticeOf, parseId, parseSlug, renderPage } from '../../core/http'
import { provideMeSection } from '../accounts/pages'
import { provideProfileSection } from '../actors/pages'
import { getActor, getActorSummaryById } from '../actors/service'
import { provideClusterSection } from '../network/pages'
import { findCluster } from '../network/service'
import {
  answerIntroduction,
  answerSchema,
  authorize,
  can,
  defaultCrossBorderWeight,
  dismissalSchema,
  dismissRecommendation,
  introduceOrganisations,
  introductionRequestSchema,
  introductionsOf,
  managerIntroductionSchema,
  matchingSettings,
  maxCrossBorderWeight,
  reasonWriter,
  recommendationsFor,
  requestIntroduction,
  saveMatchingSettings,
  suggestedIntroductions,
} from './service'
import { pairKey, SettingsPage, SuggestionsPage } from './views/manage'
import { type MatchesFailure, MatchesPage } from './views/matches'
import { ClusterIntroductionsLink, RecommendedSection } from './views/sections'

type C = Context<AppEnv>

const slugOf = (c: C) => parseSlug(c.req.param('slug') ?? '')
const cityOf = (c: C) => parseSlug(c.req.param('city') ?? '')
const statusOf = (err: unknown) => (err instanceof AppError ? err.status : 422) as ContentfulStatusCode
/** Refusals and missing subjects are the error page's, not a message on the form. */

/** The dashboard shows this many partners and opportunities; the matches page ten of each kind. */
const dashboardMatches = 3
const pagePartners = 10

// Posted forms carry text: the ids and the weight are read as numbers here, then checked by the service's schema.
const dismissalForm = z.object({
  target: dismissalSchema.shape.target,
  id: z.coerce.number().int().positive(),
})
const settingsForm = z.object({
  cross_border_weight: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().min(0).max(maxCrossBorderWeight).multipleOf(0.5),
  ),
})

const pageNotices = {
  dismissed: 'matching.notice.dismissed',
  requested: 'matching.notice.requested',
  accepted: 'matching.notice.accepted',
  opened: 'matching.notice.opened',
  declined: 'matching.notice.declined',
} as const
const managerNotices = { introduced: 'matching.notice.introduced' } as const
const settingsNotices = { saved: 'matching.notice.saved' } as const

/** "Recommended for you" for an organisation, or nothing when it has no one to recommend and nothing waits. */
async function recommendedFor(ctx: Ctx, actor: { slug: string; name: string }, named: boolean) {
  const [found, introductions, writer] = await Promise.all([
    recommendationsFor(ctx, actor.slug, { limit: dashboardMatches }),
    introductionsOf(ctx, actor.slug),
    reasonWriter(ctx),
  ])
  return (
    <RecommendedSection
      actor={actor}
      partners={found.partners}
      opportunities={found.opportunities}
      waiting={introductions.filter((i) => i.status === 'pending' && i.ourAnswer === 'pending').length}
      cityName={(id) => writer.cities.get(id)?.cityName ?? id}
      reasonText={writer.text}
      named={named}
      i18n={ctx.i18n}
    />
  )
}

// The organisation's own people see its best partners on its profile: their dashboard.
provideProfileSection(async (ctx, actor) => {
  if (!ctx.viewer.person || !can(ctx, 'use', { actorId: actor.id })) return null
  return recommendedFor(ctx, actor, false)
})

// And on their account page, for each organisation they belong to.
provideMeSection(async (ctx) => {
  const organisations = await Promise.all(
    [...ctx.viewer.orgs.keys()].map((id) => getActorSummaryById(ctx, id)),
  )
  const sections = await Promise.all(
    organisations
      .filter((a) => a !== undefined && a !== null)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((a) => recommendedFor(ctx, a, true)),
  )
  return sections.length ? <div class="recommended-group">{sections}</div> : null
})

// A city's cluster managers find the suggested introductions on its page.
provideClusterSection(async (ctx, cluster) => {
  if (!can(ctx, 'introduce', { clusterId: cluster.id })) return null
  return <ClusterIntroductionsLink city={{ id: cluster.id, name: cluster.cityName }} i18n={ctx.i18n} />
})

export function matchingPages(app: Hono<AppEnv>) {
  // ---- an organisation's matches -------------------------------------------------------------

  const matchesPath = (c: C) => `/${c.get('ctx').i18n.locale}/organisations/${slugOf(c)}/matches`

  const matchesPage = async (c: C, failure?: MatchesFailure, status: ContentfulStatusCode = 200) => {
    const ctx = c.get('ctx')
    const slug = slugOf(c)
    const [found, introductions, writer] = await Promise.all([
      recommendationsFor(ctx, slug, { limit: pagePartners }),
      introductionsOf(ctx, slug),
      reasonWriter(ctx),
    ])
    return renderPage(
      c,
      {
        title: `${ctx.i18n.t('matching.matches.title')} · ${found.actor.name}`,
        city: found.actor.clusterId,
        styles: ['matching.css'],
      },
      <MatchesPage
        actor={found.actor}
        partners={found.partners}
        opportunities={found.opportunities}
        introductions={introductions}
        cityName={(id) => writer.cities.get(id)?.cityName ?? id}
        reasonText={writer.text}
        canAct={can(ctx, 'use', { actorId: found.actor.id })}
        notice={noticeOf(c, pageNotices)}
        failure={failure}
        i18n={ctx.i18n}
      />,
      status,
    )
  }

  /** The organisation's people only: checked before the form is read, so a refused person learns nothing. */
  const guard = async (c: C) => {
    const ctx = c.get('ctx')
    const actor = await getActor(ctx, slugOf(c))
    authorize(ctx, 'use', { actorId: actor.id })
    return actor
  }

  app.get(`${localePath}/organisations/:slug/matches`, (c) => matchesPage(c))

  app.post(`${localePath}/organisations/:slug/matches/dismissals`, async (c) => {
    const ctx = c.get('ctx')
    const actor = await guard(c)
    const values = await readForm(c)
    const parsed = parseForm(dismissalForm, values, ctx.i18n)
    if (!parsed.ok)
      return matchesPage(c, { form: 'page', message: ctx.i18n.t('core.error.invalid_request') }, 422)
    try {
      await dismissRecommendation(ctx, actor.slug, parsed.data)
    } catch (err) {
      if (!isFormError(err)) throw err
      return matchesPage(
        c,
        { form: 'page', message: formFailure(err, values, ctx.i18n).message ?? '' },
        statusOf(err),
      )
    }
    const anchor = parsed.data.target === 'actor' ? 'partners' : 'opportunities'
    return c.redirect(`${matchesPath(c)}?notice=dismissed#${anchor}`, 303)
  })

  app.post(`${localePath}/organisations/:slug/matches/introductions`, async (c) => {
    const ctx = c.get('ctx')
    const actor = await guard(c)
    const values = await readForm(c)
    const partner = typeof values.partner === 'string' ? values.partner : ''
    const parsed = parseForm(introductionRequestSchema, values, ctx.i18n)
    if (!parsed.ok) return matchesPage(c, { form: 'introduce', partner, state: parsed.state }, 422)
    try {
      await requestIntroduction(ctx, actor.slug, parsed.data)
    } catch (err) {
      if (!isFormError(err)) throw err
      const state: FormState = formFailure(err, values, ctx.i18n)
      return matchesPage(c, { form: 'introduce', partner, state }, statusOf(err))
    }
    return c.redirect(`${matchesPath(c)}?notice=requested#introductions`, 303)
  })

  app.post(`${localePath}/organisations/:slug/matches/introductions/:id/answer`, async (c) => {
    const ctx = c.get('ctx')
    const actor = await guard(c)
    const id = parseId(c.req.param('id'))
    const values = await readForm(c)
    const parsed = parseForm(answerSchema, values, ctx.i18n)
    const failed = (state: FormState, status: ContentfulStatusCode) =>
      matchesPage(c, { form: 'answer', id, message: state.errors.answer ?? state.message ?? '' }, status)
    if (!parsed.ok) return failed(parsed.state, 422)
    try {
      const { introduction, conversationId } = await answerIntroduction(ctx, actor.slug, id, parsed.data)
      const notice = conversationId ? 'opened' : introduction.status === 'declined' ? 'declined' : 'accepted'
      return c.redirect(`${matchesPath(c)}?notice=${notice}#introduction-${id}`, 303)
    } catch (err) {
      if (!isFormError(err)) throw err
      return failed(formFailure(err, values, ctx.i18n), statusOf(err))
    }
  })

  // ---- a city's cluster managers introduce organisations -------------------------------------

  const suggestionsPage = async (
    c: C,
    failed?: { pair: string; state: FormState },
    status: ContentfulStatusCode = 200,
  ) => {
    const ctx = c.get('ctx')
    const [{ cluster, suggestions }, writer] = await Promise.all([
      suggestedIntroductions(ctx, cityOf(c)),
      reasonWriter(ctx),
    ])
    return renderPage(
      c,
      {
        title: `${ctx.i18n.t('matching.suggestions.title')} · ${cluster.cityName}`,
        city: cluster.id,
        styles: ['matching.css'],
      },
      <SuggestionsPage
        city={{ id: cluster.id, name: cluster.cityName }}
        suggestions={suggestions}
        cityName={(id) => writer.cities.get(id)?.cityName ?? id}
        reasonText={writer.text}
        notice={noticeOf(c, managerNotices)}
        failed={failed}
        i18n={ctx.i18n}
      />,
      status,
    )
  }

  app.get(`${localePath}/clusters/:city/introductions`, (c) => suggestionsPage(c))

  app.post(`${localePath}/clusters/:city/introductions`, async (c) => {
    const ctx = c.get('ctx')
    const cluster = await findCluster(ctx, cityOf(c))
    authorize(ctx, 'introduce', { clusterId: cluster.id })
    const values = await readForm(c)
    const pair = pairKey(String(values.from ?? ''), String(values.to ?? ''))
    const parsed = parseForm(managerIntroductionSchema, values, ctx.i18n)
    if (!parsed.ok) return suggestionsPage(c, { pair, state: parsed.state }, 422)
    try {
      await introduceOrganisations(ctx, cluster.id, parsed.data)
    } catch (err) {
      if (!isFormError(err)) throw err
      return suggestionsPage(c, { pair, state: formFailure(err, values, ctx.i18n) }, statusOf(err))
    }
    return c.redirect(`/${ctx.i18n.locale}/clusters/${cluster.id}/introductions?notice=introduced`, 303)
  })

  // ---- the network admin tunes the ranking -----------------------------------------------------

  const settingsPage = async (c: C, state?: FormState, status: ContentfulStatusCode = 200) => {
    const ctx = c.get('ctx')
    const settings = await matchingSettings(ctx)
    return renderPage(
      c,
      { title: ctx.i18n.t('matching.settings.title') },
      <SettingsPage
        state={state ?? emptyForm({ cross_border_weight: String(settings.crossBorderWeight) })}
        defaultWeight={defaultCrossBorderWeight}
        notice={noticeOf(c, settingsNotices)}
        i18n={ctx.i18n}
      />,
      status,
    )
  }

  app.get(`${localePath}/admin/matching`, (c) => settingsPage(c))

  app.post(`${localePath}/admin/matching`, async (c) => {
    const ctx = c.get('ctx')
    requireNetworkAdmin(ctx.viewer)
    const values = await readForm(c)
    const parsed = parseForm(settingsForm, values, ctx.i18n)
    if (!parsed.ok) return settingsPage(c, parsed.state, 422)
    try {
      await saveMatchingSettings(ctx, parsed.data)
    } catch (err) {
      if (!isFormError(err)) throw err
      return settingsPage(c, formFailure(err, values, ctx.i18n), statusOf(err))
    }
    return c.redirect(`/${ctx.i18n.locale}/admin/matching?notice=saved`, 303)
  })
}
