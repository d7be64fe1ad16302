import {
  getConversation,
  openConversation,
  reportMessage,
  startConversation,
} from '../../src/modules/messages/service'
import type { Role, World } from '../support/world'
import type { RouteCase } from './cases'

const page = (path: string) => `/:lang{(?:en|de|it|pl|sl|hu)}${path}`
const parties: readonly Role[] = ['org_member', 'org_admin']
const reason = 'This message insults our team.'

// The other party of the cases' conversations: a Pécs organisation no one runs, taken once per world.
const others = new WeakMap<World, Promise<{ id: number; slug: string }>>()
const otherOf = (w: World) => {
  if (!others.has(w)) others.set(w, w.unclaimedOrganisation())
  return others.get(w)!
}

// One conversation between the world's organisation and the other one, opened once.
const conversations = new WeakMap<World, Promise<number>>()
const conversationOf = (w: World) => {
  if (!conversations.has(w))
    conversations.set(
      w,
      (async () =>
        (
          await startConversation(await w.as('org_admin'), {
            from: w.org.id,
            to: (await otherOf(w)).slug,
            subject: 'Working together',
            body: 'Shall we meet next week?',
          })
        ).id)(),
    )
  return conversations.get(w)!
}

/** A fresh conversation whose first message the other side wrote (its author's account is gone). */
async function messageOfTheOtherSide(w: World) {
  const other = await otherOf(w)
  const id = await w.ctx().db.transaction((tx) =>
    openConversation(tx, {
      parties: [w.org.id, other.id],
      subject: 'Something to report',
      first: { actorId: other.id, userId: null, body: 'An offensive message.' },
    }),
  )
  const thread = await getConversation(await w.as('org_member'), id, { markRead: false })
  return { id, messageId: thread.messages[0].id }
}

export const cases: RouteCase[] = [
  {
    method: 'POST',
    route: page('/messages/new'),
    allowed: parties,
    request: async (w) => ({
      path: '/en/messages/new',
      body: {
        from: String(w.org.id),
        to: (await otherOf(w)).slug,
        subject: 'A new project',
        body: 'Would you like to work with us?',
      },
    }),
  },
  {
    method: 'POST',
    route: page('/messages/:id{[0-9]+}'),
    allowed: parties,
    hidesExistence: true,
    request: async (w) => ({ path: `/en/messages/${await conversationOf(w)}`, body: { body: 'Agreed.' } }),
  },
  {
    method: 'POST',
    route: page('/messages/:id{[0-9]+}/messages/:message{[0-9]+}/report'),
    allowed: parties,
    hidesExistence: true,
    request: async (w) => {
      const { id, messageId } = await messageOfTheOtherSide(w)
      return { path: `/en/messages/${id}/messages/${messageId}/report`, body: { reason } }
    },
  },
  {
    method: 'POST',
    route: page('/clusters/:city/reports/:report{[0-9]+}'),
    // The Pécs side reported it, so it went to the Pécs cluster manager; not even the network admin decides.
    allowed: ['cluster_manager'],
    request: async (w) => {
      const { id, messageId } = await messageOfTheOtherSide(w)
      const report = await reportMessage(await w.as('org_member'), id, messageId, {
        reason,
      })
      return { path: `/en/clusters/pecs/reports/${report.id}`, body: { decision: 'dismiss' } }
    },
  },
  {
    method: 'POST',
    route: '/api/v1/conversations',
    allowed: parties,
    request: async (w) => ({
      path: '/api/v1/conversations',
      json: {
        from: w.org.id,
        to: (await otherOf(w)).slug,
        subject: 'A new project',
        body: 'Would you like to work with us?',
      },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/conversations/:id/messages',
    allowed: parties,
    hidesExistence: true,
    request: async (w) => ({
      path: `/api/v1/conversations/${await conversationOf(w)}/messages`,
      json: { body: 'Agreed.' },
    }),
  },
]
