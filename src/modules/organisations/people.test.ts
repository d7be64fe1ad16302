import { createHash } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { testConfig } from '../../../test/support/database'
import { signedInPerson, testPassword } from '../../../test/support/people'
import { loadViewer } from '../../core/auth'
import { deleteMyAccount, exportMyData } from '../accounts/service'
import { auditLog } from '../audit/schema'
import {
  auditSince,
  callApi,
  lastAuditId,
  lastMailTo,
  postForm,
  roleIn,
  staffOrganisation,
  unclaimedActor,
} from './factories'
import { orgInvitations, orgPeople } from './schema'
import { invitationLimits, invitePerson } from './service'

const t = useTestApp()
type Person = Awaited<ReturnType<typeof signedInPerson>>

const tokenIn = (body: string) => /invitations\/accept\?token=([A-Za-z0-9_-]+)/.exec(body)?.[1] ?? ''
const peopleOf = (actorId: number) => t.db.select().from(orgPeople).where(eq(orgPeople.actorId, actorId))
const ctxOf = async (person: Person) =>
  t.ctx('en', await loadViewer(t.db, testConfig, new Headers({ cookie: person.cookie })))

/** A fresh organisation with these people, joined in this order (the first the longest-standing). */
async function organisationWith(people: { person: Person; role: 'admin' | 'member' }[], offset: number) {
  const actor = await unclaimedActor(t, 'genoa', offset)
  await staffOrganisation(
    t,
    actor.id,
    people.map((p) => ({ id: p.person.id, role: p.role })),
  )
  return actor
}

describe('invitations', () => {
  let admin: Person
  let slug: string
  let actorId: number
  beforeAll(async () => {
    admin = await signedInPerson(t, { locale: 'it' })
    const actor = await organisationWith([{ person: admin, role: 'admin' }], 0)
    ;[slug, actorId] = [actor.slug, actor.id]
  })

  it('go out by e-mail with a token kept only as a hash, and are accepted by the invited account', async () => {
    const email = `newcomer-${Date.now()}@test.example`
    const sent = await postForm(
      t,
      `/en/organisations/${slug}/people`,
      { email, role: 'member' },
      admin.cookie,
    )
    expect([sent.status, sent.headers.get('location')]).toEqual([
      303,
      `/en/organisations/${slug}/people?notice=invited`,
    ])
    // No account yet: the e-mail is in the inviter's language.
    const mail = await lastMailTo(t, email)
    expect(mail.locale).toBe('it')
    expect(mail.subject).toContain('Invito a entrare in')
    const token = tokenIn(mail.body)
    expect(token.length).toBeGreaterThan(30)
    const [stored] = await t.db.select().from(orgInvitations).where(eq(orgInvitations.email, email))
    expect(stored.tokenHash).toBe(createHash('sha256').update(token).digest('hex'))
    expect(JSON.stringify(stored)).not.toContain(token)
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeGreaterThan(13.9 * 86_400_000)

    const link = `/en/invitations/accept?token=${token}`
    expect(await (await t.request(link)).text()).toContain(`This invitation is for ${email}`)
    const other = await signedInPerson(t)
    expect(await (await t.request(link, { headers: { cookie: other.cookie } })).text()).toContain(
      'you are signed in with another address',
    )
    expect((await postForm(t, '/en/invitations/accept', { token }, other.cookie)).status).toBe(403)

    const invitee = await signedInPerson(t, { email })
    expect(await (await t.request(link, { headers: { cookie: invitee.cookie } })).text()).toContain(
      'Accept and join',
    )
    const accepted = await postForm(t, '/en/invitations/accept', { token }, invitee.cookie)
    expect([accepted.status, accepted.headers.get('location')]).toEqual([
      303,
      `/en/organisations/${slug}/people?notice=joined`,
    ])
    expect(await roleIn(t, actorId, invitee.id)).toBe('member')
    expect((await postForm(t, '/en/invitations/accept', { token }, invitee.cookie)).status).toBe(400)
    expect((await t.request(link)).status).toBe(400)
    const people = await (
      await t.request(`/en/organisations/${slug}/people`, { headers: { cookie: invitee.cookie } })
    ).text()
    expect(people).toContain(email)
  })

  it('reach someone with an account in their own language, through the API too', async () => {
    const polish = await signedInPerson(t, { locale: 'pl' })
    const res = await callApi(
      t,
      'POST',
      `/api/v1/actors/${slug}/invitations`,
      { email: polish.email, role: 'admin' },
      admin.cookie,
    )
    expect(res.status).toBe(201)
    const mail = await lastMailTo(t, polish.email)
    expect(mail.locale).toBe('pl')
    expect(mail.body).toContain('w roli: Administrator')
    const joined = await callApi(
      t,
      'POST',
      '/api/v1/invitations/accept',
      { token: tokenIn(mail.body) },
      polish.cookie,
    )
    expect(await joined.json()).toEqual({ slug, role: 'admin' })
  })

  it('refuse bad input, members, expired links and strangers, writing nothing', async () => {
    const audit = await lastAuditId(t)
    const bad = await postForm(
      t,
      `/de/organisations/${slug}/people`,
      { email: 'nobody', role: 'member' },
      admin.cookie,
    )
    expect(bad.status).toBe(422)
    const html = await bad.text()
    expect(html).toContain('aria-describedby="field-email-error"')
    expect(html).toContain('value="nobody"')
    const api = await callApi(
      t,
      'POST',
      `/api/v1/actors/${slug}/invitations`,
      { email: 'x@test.example', role: 'owner' },
      admin.cookie,
    )
    expect(api.status).toBe(400)
    const twice = await postForm(
      t,
      `/en/organisations/${slug}/people`,
      { email: admin.email, role: 'member' },
      admin.cookie,
    )
    expect(twice.status).toBe(422)
    expect(await twice.text()).toContain('in the organisation already')
    const stranger = await signedInPerson(t)
    expect(
      (await postForm(t, `/en/organisations/${slug}/people`, { email: 'y@test.example' }, stranger.cookie))
        .status,
    ).toBe(403)
    expect(
      (await t.request(`/en/organisations/${slug}/people`, { headers: { cookie: stranger.cookie } })).status,
    ).toBe(403)
    expect(await lastAuditId(t)).toBe(audit)

    const email = `late-${Date.now()}@test.example`
    await callApi(t, 'POST', `/api/v1/actors/${slug}/invitations`, { email }, admin.cookie)
    const token = tokenIn((await lastMailTo(t, email)).body)
    await t.db
      .update(orgInvitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(orgInvitations.email, email))
    const late = await signedInPerson(t, { email })
    expect((await postForm(t, '/en/invitations/accept', { token }, late.cookie)).status).toBe(400)
    expect((await t.request(`/hu/invitations/accept?token=${token}`)).status).toBe(400)
    expect(await roleIn(t, actorId, late.id)).toBeUndefined()
  })
})

describe('sending invitations', () => {
  it('keep one open invitation per address: inviting again renews it with a new link', async () => {
    const admin = await signedInPerson(t)
    const actor = await organisationWith([{ person: admin, role: 'admin' }], 7)
    const email = `twice-${Date.now()}@test.example`
    const invite = (json: unknown) =>
      callApi(t, 'POST', `/api/v1/actors/${actor.slug}/invitations`, json, admin.cookie)
    const first = await invite({ email, role: 'member' })
    expect(first.status).toBe(201)
    const firstToken = tokenIn((await lastMailTo(t, email)).body)
    const before = await lastAuditId(t)
    const second = await invite({ email: email.toUpperCase(), role: 'admin' })
    expect(second.status).toBe(201)
    expect(((await second.json()) as { id: number }).id).toBe(((await first.json()) as { id: number }).id)
    const rows = await t.db.select().from(orgInvitations).where(eq(orgInvitations.actorId, actor.id))
    expect(rows.map((r) => [r.email, r.role])).toEqual([[email, 'admin']])
    const [entry] = await auditSince(t, before)
    expect([entry.action, entry.before, entry.after]).toEqual([
      'organisation.person_invited',
      { invitation: rows[0].id, email, role: 'member' },
      { invitation: rows[0].id, email, role: 'admin' },
    ])
    const secondToken = tokenIn((await lastMailTo(t, email)).body)
    expect(secondToken).not.toBe(firstToken)
    // The older link no longer works; the new one does.
    const invitee = await signedInPerson(t, { email })
    expect((await postForm(t, '/en/invitations/accept', { token: firstToken }, invitee.cookie)).status).toBe(
      400,
    )
    expect((await postForm(t, '/en/invitations/accept', { token: secondToken }, invitee.cookie)).status).toBe(
      303,
    )
    expect(await roleIn(t, actor.id, invitee.id)).toBe('admin')
    // Once accepted, a new invitation to that address (after the person left) is a new one.
    await t.db.delete(orgPeople).where(eq(orgPeople.userId, invitee.id))
    expect((await invite({ email })).status).toBe(201)
    expect(
      (await t.db.select().from(orgInvitations).where(eq(orgInvitations.actorId, actor.id))).length,
    ).toBe(2)
  })

  it('are limited per person and per organisation, refused in the reader’s language', async () => {
    const [first, second, third] = [await signedInPerson(t), await signedInPerson(t), await signedInPerson(t)]
    const actor = await organisationWith(
      [
        { person: first, role: 'admin' },
        { person: second, role: 'admin' },
        { person: third, role: 'admin' },
      ],
      8,
    )
    const stamp = Date.now()
    const sendAs = async (person: Person, count: number, tag: string) => {
      const ctx = await ctxOf(person)
      for (let i = 0; i < count; i++)
        await invitePerson(ctx, actor.slug, { email: `${tag}-${i}-${stamp}@test.example` })
    }
    const refusal = async (person: Person) => {
      const res = await t.request(`/api/v1/actors/${actor.slug}/invitations`, {
        method: 'POST',
        headers: {
          origin: testConfig.publicUrl,
          cookie: person.cookie,
          'content-type': 'application/json',
          'accept-language': 'de',
        },
        body: JSON.stringify({ email: `over-${stamp}@test.example` }),
      })
      return [res.status, ((await res.json()) as { error: { message: string } }).error.message]
    }
    await sendAs(first, invitationLimits.perPerson.max, 'first')
    const [status, message] = await refusal(first)
    expect(status).toBe(429)
    expect(message).toMatch(/^Zu viele Versuche\. Versuchen Sie es in (60|59) Minuten erneut\.$/)
    // Another admin of the same organisation may go on, up to the organisation's limit.
    await sendAs(second, invitationLimits.perOrganisation.max - invitationLimits.perPerson.max, 'second')
    expect((await refusal(third))[0]).toBe(429)
    const page = await postForm(
      t,
      `/pl/organisations/${actor.slug}/people`,
      { email: `form-${stamp}@test.example`, role: 'member' },
      third.cookie,
    )
    expect(page.status).toBe(422)
    expect(await page.text()).toContain('Zbyt wiele prób')
    expect(await lastMailTo(t, `over-${stamp}@test.example`)).toBeUndefined()
  })

  it('stay sent when the mail cannot go out, and can be sent again', async () => {
    const admin = await signedInPerson(t)
    const actor = await organisationWith([{ person: admin, role: 'admin' }], 9)
    const email = `unlucky-${Date.now()}@test.example`
    const ctx = await ctxOf(admin)
    const smtpDown = { ...ctx, config: { ...ctx.config, SMTP_URL: 'smtp://127.0.0.1:1' } }
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const sent = await invitePerson(smtpDown, actor.slug, { email })
      expect(sent.email).toBe(email)
      expect(logged.mock.calls.some((call) => String(call[0]).includes('org_invitation'))).toBe(true)
    } finally {
      logged.mockRestore()
    }
    expect(await lastMailTo(t, email)).toBeUndefined()
    const again = await callApi(
      t,
      'POST',
      `/api/v1/actors/${actor.slug}/invitations`,
      { email },
      admin.cookie,
    )
    expect(again.status).toBe(201)
    expect(tokenIn((await lastMailTo(t, email)).body)).not.toBe('')
    expect(
      (await t.db.select().from(orgInvitations).where(eq(orgInvitations.actorId, actor.id))).length,
    ).toBe(1)
  })
})

describe('roles', () => {
  it('are set by admins; the last admin cannot step down', async () => {
    const [admin, member] = [await signedInPerson(t), await signedInPerson(t)]
    const actor = await organisationWith(
      [
        { person: admin, role: 'admin' },
        { person: member, role: 'member' },
      ],
      1,
    )
    const rolePath = (p: Person) => `/en/organisations/${actor.slug}/people/${p.id}/role`
    expect((await postForm(t, rolePath(admin), { role: 'member' }, member.cookie)).status).toBe(403)
    const last = await postForm(t, rolePath(admin), { role: 'member' }, admin.cookie)
    expect(last.status).toBe(422)
    expect(await last.text()).toContain('The last admin cannot step down')
    expect(await roleIn(t, actor.id, admin.id)).toBe('admin')

    const before = await lastAuditId(t)
    expect((await postForm(t, rolePath(member), { role: 'admin' }, admin.cookie)).status).toBe(303)
    const api = await callApi(
      t,
      'PATCH',
      `/api/v1/actors/${actor.slug}/people/${admin.id}`,
      { role: 'member' },
      member.cookie,
    )
    expect(api.status).toBe(204)
    expect([await roleIn(t, actor.id, admin.id), await roleIn(t, actor.id, member.id)]).toEqual([
      'member',
      'admin',
    ])
    expect((await auditSince(t, before)).map((a) => [a.action, a.after])).toEqual([
      ['organisation.role_changed', { person: member.id, role: 'admin' }],
      ['organisation.role_changed', { person: admin.id, role: 'member' }],
    ])
    const wrong = await callApi(
      t,
      'PATCH',
      `/api/v1/actors/${actor.slug}/people/${admin.id}`,
      { role: 'owner' },
      member.cookie,
    )
    expect(wrong.status).toBe(400)
  })
})

describe('when people leave', () => {
  it('the longest-standing person becomes admin when the last admin leaves', async () => {
    const [admin, older, newer] = [await signedInPerson(t), await signedInPerson(t), await signedInPerson(t)]
    const actor = await organisationWith(
      [
        { person: admin, role: 'admin' },
        { person: older, role: 'member' },
        { person: newer, role: 'member' },
      ],
      2,
    )
    // A member leaving changes no one's role.
    expect(
      (await postForm(t, `/en/organisations/${actor.slug}/people/${newer.id}/remove`, {}, newer.cookie))
        .status,
    ).toBe(303)
    expect(await roleIn(t, actor.id, older.id)).toBe('member')
    const before = await lastAuditId(t)
    const left = await postForm(
      t,
      `/en/organisations/${actor.slug}/people/${admin.id}/remove`,
      {},
      admin.cookie,
    )
    expect([left.status, left.headers.get('location')]).toEqual([303, '/en/me'])
    expect((await peopleOf(actor.id)).map((p) => [p.userId, p.role])).toEqual([[older.id, 'admin']])
    expect((await auditSince(t, before)).map((a) => a.action)).toEqual([
      'organisation.person_left',
      'organisation.admin_succession',
    ])
  })

  it('an organisation without people stays in the directory and can be claimed again', async () => {
    const admin = await signedInPerson(t)
    const actor = await organisationWith([{ person: admin, role: 'admin' }], 3)
    const res = await callApi(
      t,
      'DELETE',
      `/api/v1/actors/${actor.slug}/people/${admin.id}`,
      undefined,
      admin.cookie,
    )
    expect(res.status).toBe(204)
    expect(await peopleOf(actor.id)).toEqual([])
    expect((await t.request(`/en/actors/${actor.slug}`)).status).toBe(200)
    const claimant = await signedInPerson(t)
    const claim = await callApi(
      t,
      'POST',
      `/api/v1/actors/${actor.slug}/claims`,
      { message: 'We took over the studio.' },
      claimant.cookie,
    )
    expect(claim.status).toBe(201)
  })

  it('admins remove others; members only themselves', async () => {
    const [admin, a, b] = [await signedInPerson(t), await signedInPerson(t), await signedInPerson(t)]
    const actor = await organisationWith(
      [
        { person: admin, role: 'admin' },
        { person: a, role: 'member' },
        { person: b, role: 'member' },
      ],
      4,
    )
    expect(
      (await postForm(t, `/en/organisations/${actor.slug}/people/${b.id}/remove`, {}, a.cookie)).status,
    ).toBe(403)
    const removed = await postForm(
      t,
      `/en/organisations/${actor.slug}/people/${b.id}/remove`,
      {},
      admin.cookie,
    )
    expect(removed.headers.get('location')).toBe(`/en/organisations/${actor.slug}/people?notice=removed`)
    expect(await roleIn(t, actor.id, b.id)).toBeUndefined()
    expect(
      (await postForm(t, `/en/organisations/${actor.slug}/people/${b.id}/remove`, {}, admin.cookie)).status,
    ).toBe(404)
  })

  it('a deleted account hands its organisations over the same way, without naming the person in the audit', async () => {
    const [admin, member] = [await signedInPerson(t), await signedInPerson(t)]
    const actor = await organisationWith(
      [
        { person: admin, role: 'admin' },
        { person: member, role: 'member' },
      ],
      5,
    )
    const before = await lastAuditId(t)
    await deleteMyAccount(await ctxOf(admin), testPassword)
    expect((await peopleOf(actor.id)).map((p) => [p.userId, p.role])).toEqual([[member.id, 'admin']])
    const audit = (await auditSince(t, before)).filter((a) => a.subjectType === 'actor')
    expect(audit.map((a) => [a.action, a.userId, a.userEmail])).toEqual([
      ['organisation.person_left', null, null],
      ['organisation.admin_succession', null, null],
    ])
    expect(await t.db.select().from(auditLog).where(eq(auditLog.userEmail, admin.email))).toEqual([])
  })
})

describe('personal data', () => {
  it('lists the person’s roles, claims and the invitations they sent', async () => {
    const person = await signedInPerson(t)
    const actor = await organisationWith([{ person, role: 'admin' }], 6)
    await callApi(
      t,
      'POST',
      `/api/v1/actors/${actor.slug}/invitations`,
      { email: 'friend@test.example' },
      person.cookie,
    )
    const other = await unclaimedActor(t, 'gdansk')
    await callApi(
      t,
      'POST',
      `/api/v1/actors/${other.slug}/claims`,
      { message: 'I work here since 2012.' },
      person.cookie,
    )
    const data = (await exportMyData(await ctxOf(person))) as unknown as {
      organisations: { roles: unknown[]; claims: unknown[]; invitations_sent: unknown[] }
    }
    expect(data.organisations.roles).toMatchObject([{ organisation: actor.slug, role: 'admin' }])
    expect(data.organisations.claims).toMatchObject([{ organisation: other.slug, status: 'pending' }])
    expect(data.organisations.invitations_sent).toMatchObject([
      { email: 'friend@test.example', role: 'member' },
    ])
  })
})
