import { signIn } from '../../src/modules/accounts/service'
import { testPassword } from '../support/people'
import { everyone, type RouteCase, signedIn } from './cases'

const lang = '/:lang{(?:en|de|it|pl|sl|hu)}'

// Bodies that fail validation where a success would change the world (a new account, a sent e-mail):
// refusal is decided before validation, so they still tell who may use the route.
export const cases: RouteCase[] = [
  {
    method: 'POST',
    route: `${lang}/join`,
    allowed: everyone,
    request: () => ({ path: '/en/join', body: { name: 'X', email: 'x@test.example', password: 'short' } }),
  },
  {
    method: 'POST',
    route: `${lang}/verify-email/resend`,
    allowed: everyone,
    request: () => ({ path: '/en/verify-email/resend', body: { email: 'nobody@test.example' } }),
  },
  {
    method: 'POST',
    route: `${lang}/login`,
    allowed: everyone,
    request: () => ({ path: '/en/login', body: { email: 'nobody@test.example' } }),
  },
  {
    method: 'POST',
    route: `${lang}/logout`,
    allowed: everyone,
    // Signing out ends the session it is sent with, so each attempt signs in afresh.
    async request(world, role) {
      if (role === 'visitor') return { path: '/en/logout' }
      const headers = await signIn(
        world.ctx(),
        { email: world.people[role].email, password: testPassword },
        `matrix-${role}`,
      )
      return {
        path: '/en/logout',
        cookie: headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; '),
      }
    },
  },
  {
    method: 'POST',
    route: `${lang}/forgot-password`,
    allowed: everyone,
    request: () => ({ path: '/en/forgot-password', body: { email: 'nobody@test.example' } }),
  },
  {
    method: 'POST',
    route: `${lang}/reset-password`,
    allowed: everyone,
    request: () => ({
      path: '/en/reset-password',
      body: { token: 'not-a-valid-token', password: 'Long-enough-passphrase' },
    }),
  },
  {
    method: 'POST',
    route: `${lang}/me/profile`,
    allowed: signedIn,
    request: () => ({ path: '/en/me/profile', body: { name: '', locale: 'en' } }),
  },
  {
    method: 'POST',
    route: `${lang}/me/email`,
    allowed: signedIn,
    request: () => ({ path: '/en/me/email', body: { email: 'not an address' } }),
  },
  {
    method: 'POST',
    route: `${lang}/me/password`,
    allowed: signedIn,
    request: () => ({
      path: '/en/me/password',
      body: { current_password: 'wrong-one', new_password: 'Another-long-passphrase' },
    }),
  },
  {
    method: 'POST',
    route: `${lang}/me/sessions/:id/revoke`,
    allowed: signedIn,
    request: () => ({ path: '/en/me/sessions/unknown-session/revoke' }),
  },
  {
    method: 'POST',
    route: `${lang}/me/delete`,
    allowed: signedIn,
    request: () => ({ path: '/en/me/delete', body: { password: 'not-the-password' } }),
  },
]
