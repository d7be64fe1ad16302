import type { Locale } from '../../src/core/i18n'
import { createVerifiedPerson, signIn } from '../../src/modules/accounts/service'
import type { useTestApp } from './app'

export const testPassword = 'Test-passphrase-2026'
let serial = 0

/** A person with a verified account, signed in: their id, e-mail and the Cookie header of their session. */
export async function signedInPerson(
  t: ReturnType<typeof useTestApp>,
  options: { email?: string; name?: string; locale?: Locale; networkAdmin?: boolean } = {},
) {
  serial += 1
  const email = options.email ?? `person${serial}-${Date.now()}@test.example`
  const id = await createVerifiedPerson(t.db, {
    name: options.name ?? `Test Person ${serial}`,
    email,
    locale: options.locale,
    networkAdmin: options.networkAdmin,
    password: testPassword,
  })
  const headers = await signIn(t.ctx(), { email, password: testPassword }, `test-${serial}`)
  const cookie = headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  return { id, email, cookie }
}
