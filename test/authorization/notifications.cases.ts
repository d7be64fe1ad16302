import { unsubscribeUrl } from '../../src/modules/notifications/service'
import { testConfig } from '../support/database'
import { everyone, type RouteCase, signedIn } from './cases'

const page = (path: string) => `/:lang{(?:en|de|it|pl|sl|hu)}${path}`

// Everyone's notifications and settings are their own: any signed-in person changes only theirs.
export const cases: RouteCase[] = [
  {
    method: 'POST',
    route: page('/notifications/read'),
    allowed: signedIn,
    request: () => ({ path: '/en/notifications/read', body: {} }),
  },
  {
    method: 'POST',
    route: page('/me/notifications'),
    allowed: signedIn,
    request: () => ({ path: '/en/me/notifications', body: {} }),
  },
  {
    method: 'POST',
    route: page('/notifications/unsubscribe'),
    // The signed link is the permission: a mail program sends it without a session.
    allowed: everyone,
    request: (w) => ({
      path: unsubscribeUrl(testConfig, w.people.person.id, 'messages.new_message', 'en').slice(
        testConfig.publicUrl.length,
      ),
      body: { 'List-Unsubscribe': 'One-Click' },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/notifications/read',
    allowed: signedIn,
    request: () => ({ path: '/api/v1/notifications/read', json: { all: true } }),
  },
]
