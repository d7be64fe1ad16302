import type { Context, Hono } from 'hono'
import { notFound } from '../../core/errors'
import {
  emptyForm,
  type FormState,
  type FormValues,
  formFailure,
  isFormError,
  readForm,
} from '../../core/forms'
import { type AppEnv, type Ctx, localePath, noticeOf, parseId, parseSlug, renderPage } from '../../core/http'
import type { I18n } from '../../core/i18n'
import { listClusters, listDistricts } from '../network/service'
import { getTaxonomy } from '../taxonomy/service'
import { readLogo, uploadLimit } from './logos'
import {
  acceptInvitation,
  authorize,
  changeRole,
  claimOrganisation,
  claimState,
  createOrganisation,
  decideClaim,
  findInvitation,
  invitePerson,
  listPendingClaims,
  listPeople,
  organisationForEditing,
  removePerson,
  updateOrganisation,
} from './service'
import { ClaimsView, ClaimView, InvitationView, OrgPage, PeopleView } from './views/pages'
import { ProfileForm, profileFormValues, profileFromForm } from './views/profile-form'

/** What a page says after a change, by the `notice` parameter of the redirect. */
const notices = {
  created: 'organisations.done.created',
  saved: 'organisations.done.saved',
  invited: 'organisations.done.invited',
  role_changed: 'organisations.done.role_changed',
  removed: 'organisations.done.removed',
  joined: 'organisations.done.joined',
  claimed: 'organisations.done.claimed',
  decided: 'organisations.done.decided',
}
const noticeFor = (c: Context<AppEnv>) => noticeOf(c, notices)

const personParam = (value: string) => {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw notFound()
  return value
}
const cityParam = (value: string) => {
  if (!/^[a-z0-9-]{1,60}$/.test(value)) throw notFound()
  return value
}

// Refusals and missing pages stay errors; anything else someone typed goes back to the form.
function failure(err: unknown, values: FormValues, i18n: I18n): FormState {
  if (!isFormError(err)) throw err
  return formFailure(err, values, i18n)
}

async function formVocabulary(ctx: Ctx, cityId?: string) {
  const [clusters, districts, taxonomy] = await Promise.all([
    listClusters(ctx),
    listDistricts(ctx, cityId),
    getTaxonomy(ctx),
  ])
  return { clusters, districts, taxonomy }
}

export function organisationsPages(app: Hono<AppEnv>) {
  app.get('/uploads/logos/:file', async (c) => {
    const body = await readLogo(c.get('ctx').config, c.req.param('file'))
    if (!body) throw notFound()
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'image/webp',
      'content-disposition': 'inline',
      // Names are random and never reused, so the file never changes.
      'cache-control': 'public, max-age=31536000, immutable',
      'cross-origin-resource-policy': 'same-origin',
    })
  })

  // ---- create ----

  const renderNew = async (c: Context<AppEnv>, state: FormState, status: 200 | 422 = 200) => {
    const ctx = c.get('ctx')
    const title = ctx.i18n.t('organisations.new.title')
    return renderPage(
      c,
      { title },
      <OrgPage title={title}>
        <p>{ctx.i18n.t('organisations.new.intro')}</p>
        <ProfileForm
          mode="create"
          action={`/${ctx.i18n.locale}/organisations/new`}
          state={state}
          {...(await formVocabulary(ctx))}
          i18n={ctx.i18n}
        />
      </OrgPage>,
      status,
    )
  }

  app.get(`${localePath}/organisations/new`, (c) => {
    const ctx = c.get('ctx')
    authorize(ctx, 'create')
    const city = c.req.query('city')
    return renderNew(
      c,
      emptyForm({ kind: 'enterprise', size: 'micro', city: city ?? '', languages: [ctx.i18n.locale] }),
    )
  })

  app.post(`${localePath}/organisations/new`, async (c) => {
    const ctx = c.get('ctx')
    const values = await readForm(c)
    try {
      const { slug } = await createOrganisation(ctx, profileFromForm(values, 'create'))
      return c.redirect(`/${ctx.i18n.locale}/organisations/${slug}/edit?notice=created`, 303)
    } catch (err) {
      return renderNew(c, failure(err, values, ctx.i18n), 422)
    }
  })

  // ---- edit ----

  const renderEdit = async (c: Context<AppEnv>, state: FormState | null, status: 200 | 422 = 200) => {
    const ctx = c.get('ctx')
    const { actor, profile } = await organisationForEditing(ctx, parseSlug(c.req.param('slug')!))
    const title = ctx.i18n.t('organisations.edit.title', { name: actor.name })
    const form = state
      ? { ...state, values: { ...state.values, city: actor.clusterId } }
      : emptyForm(profileFormValues(profile))
    return renderPage(
      c,
      { title, city: actor.clusterId },
      <OrgPage title={title} notice={noticeFor(c)}>
        <p>
          <a href={`/${ctx.i18n.locale}/actors/${actor.slug}`}>
            {ctx.i18n.t('organisations.edit.view_profile')}
          </a>{' '}
          ·{' '}
          <a href={`/${ctx.i18n.locale}/organisations/${actor.slug}/people`}>
            {ctx.i18n.t('organisations.people.title_short')}
          </a>
        </p>
        <ProfileForm
          mode="edit"
          action={`/${ctx.i18n.locale}/organisations/${actor.slug}/edit`}
          state={form}
          {...(await formVocabulary(ctx, actor.clusterId))}
          logoUrl={actor.logoUrl}
          i18n={ctx.i18n}
        />
      </OrgPage>,
      status,
    )
  }

  app.get(`${localePath}/organisations/:slug/edit`, (c) => renderEdit(c, null))

  app.post(`${localePath}/organisations/:slug/edit`, uploadLimit, async (c) => {
    const ctx = c.get('ctx')
    const slug = parseSlug(c.req.param('slug'))
    const values = await readForm(c)
    const file = (await c.req.parseBody()).logo
    const upload =
      file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : undefined
    try {
      await updateOrganisation(ctx, slug, {
        profile: profileFromForm(values, 'edit'),
        logo: values.remove_logo ? null : upload,
      })
      return c.redirect(`/${ctx.i18n.locale}/organisations/${slug}/edit?notice=saved`, 303)
    } catch (err) {
      return renderEdit(c, failure(err, values, ctx.i18n), 422)
    }
  })

  // ---- people ----

  const renderPeople = async (
    c: Context<AppEnv>,
    invite: FormState = emptyForm({ role: 'member' }),
    rowError?: { person: string; message: string },
    status: 200 | 422 = 200,
  ) => {
    const ctx = c.get('ctx')
    const data = await listPeople(ctx, parseSlug(c.req.param('slug')!))
    const title = ctx.i18n.t('organisations.people.title', { name: data.actor.name })
    return renderPage(
      c,
      { title, city: data.actor.clusterId },
      <OrgPage
        title={title}
        eyebrow={<a href={`/${ctx.i18n.locale}/actors/${data.actor.slug}`}>{data.actor.name}</a>}
        notice={noticeFor(c)}
      >
        <PeopleView
          data={data}
          me={ctx.viewer.person!.id}
          invite={invite}
          rowError={rowError}
          i18n={ctx.i18n}
        />
      </OrgPage>,
      status,
    )
  }

  app.get(`${localePath}/organisations/:slug/people`, (c) => renderPeople(c))

  app.post(`${localePath}/organisations/:slug/people`, async (c) => {
    const ctx = c.get('ctx')
    const slug = parseSlug(c.req.param('slug'))
    const values = await readForm(c)
    try {
      await invitePerson(ctx, slug, { email: values.email, role: values.role })
      return c.redirect(`/${ctx.i18n.locale}/organisations/${slug}/people?notice=invited`, 303)
    } catch (err) {
      return renderPeople(c, failure(err, values, ctx.i18n), undefined, 422)
    }
  })

  app.post(`${localePath}/organisations/:slug/people/:person/role`, async (c) => {
    const ctx = c.get('ctx')
    const slug = parseSlug(c.req.param('slug'))
    const person = personParam(c.req.param('person'))
    const values = await readForm(c)
    try {
      await changeRole(ctx, slug, person, { role: values.role })
      return c.redirect(`/${ctx.i18n.locale}/organisations/${slug}/people?notice=role_changed`, 303)
    } catch (err) {
      const state = failure(err, values, ctx.i18n)
      return renderPeople(c, undefined, { person, message: state.errors.role ?? state.message ?? '' }, 422)
    }
  })

  app.post(`${localePath}/organisations/:slug/people/:person/remove`, async (c) => {
    const ctx = c.get('ctx')
    const slug = parseSlug(c.req.param('slug'))
    const person = personParam(c.req.param('person'))
    await removePerson(ctx, slug, person)
    const self = person === ctx.viewer.person?.id
    return c.redirect(
      self ? `/${ctx.i18n.locale}/me` : `/${ctx.i18n.locale}/organisations/${slug}/people?notice=removed`,
      303,
    )
  })

  // ---- claims ----

  const renderClaim = async (c: Context<AppEnv>, state: FormState = emptyForm(), status: 200 | 422 = 200) => {
    const ctx = c.get('ctx')
    const data = await claimState(ctx, parseSlug(c.req.param('slug')!))
    const title = ctx.i18n.t('organisations.claim.title', { name: data.actor.name })
    return renderPage(
      c,
      { title, city: data.actor.clusterId },
      <OrgPage
        title={title}
        eyebrow={<a href={`/${ctx.i18n.locale}/actors/${data.actor.slug}`}>{data.actor.name}</a>}
        notice={noticeFor(c)}
      >
        <ClaimView data={data} state={state} i18n={ctx.i18n} />
      </OrgPage>,
      status,
    )
  }

  app.get(`${localePath}/actors/:slug/claim`, (c) => renderClaim(c))

  app.post(`${localePath}/actors/:slug/claim`, async (c) => {
    const ctx = c.get('ctx')
    const slug = parseSlug(c.req.param('slug'))
    const values = await readForm(c)
    try {
      await claimOrganisation(ctx, slug, { message: values.message })
      return c.redirect(`/${ctx.i18n.locale}/actors/${slug}/claim?notice=claimed`, 303)
    } catch (err) {
      return renderClaim(c, failure(err, values, ctx.i18n), 422)
    }
  })

  const renderClaims = async (
    c: Context<AppEnv>,
    failed?: { claim: number; state: FormState },
    status: 200 | 422 = 200,
  ) => {
    const ctx = c.get('ctx')
    const data = await listPendingClaims(ctx, cityParam(c.req.param('city')!))
    const title = ctx.i18n.t('organisations.claims.title', { city: data.cluster.cityName })
    return renderPage(
      c,
      { title, city: data.cluster.id },
      <OrgPage title={title} notice={noticeFor(c)}>
        <ClaimsView data={data} failed={failed} me={ctx.viewer.person!.id} i18n={ctx.i18n} />
      </OrgPage>,
      status,
    )
  }

  app.get(`${localePath}/clusters/:city/claims`, (c) => renderClaims(c))

  app.post(`${localePath}/clusters/:city/claims/:id`, async (c) => {
    const ctx = c.get('ctx')
    const city = cityParam(c.req.param('city'))
    const id = parseId(c.req.param('id'))
    const values = await readForm(c)
    try {
      await decideClaim(ctx, city, id, { decision: values.decision, reason: values.reason })
      return c.redirect(`/${ctx.i18n.locale}/clusters/${city}/claims?notice=decided`, 303)
    } catch (err) {
      return renderClaims(c, { claim: id, state: failure(err, values, ctx.i18n) }, 422)
    }
  })

  // ---- invitations ----

  app.get(`${localePath}/invitations/accept`, async (c) => {
    const ctx = c.get('ctx')
    const token = c.req.query('token')?.slice(0, 200) ?? ''
    const invitation = await findInvitation(ctx, token)
    const title = ctx.i18n.t('organisations.invitation.title', { organisation: invitation.actorName })
    return renderPage(
      c,
      { title },
      <OrgPage title={title}>
        <InvitationView
          invitation={invitation}
          token={token}
          signedInAs={ctx.viewer.person?.email ?? null}
          i18n={ctx.i18n}
        />
      </OrgPage>,
    )
  })

  app.post(`${localePath}/invitations/accept`, async (c) => {
    const ctx = c.get('ctx')
    const values = await readForm(c)
    const token = typeof values.token === 'string' ? values.token : ''
    const { slug } = await acceptInvitation(ctx, { token })
    return c.redirect(`/${ctx.i18n.locale}/organisations/${slug}/people?notice=joined`, 303)
  })
}
