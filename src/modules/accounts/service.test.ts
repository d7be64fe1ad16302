import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { signedInPerson } from '../../../test/support/people'

const t = useTestApp()

describe('sessions', () => {
  it('a signed-in person is known on every page', async () => {
    const person = await signedInPerson(t)
    const page = await (await t.request('/en/', { headers: { cookie: person.cookie } })).text()
    expect(page).toContain('href="/en/me"')
    const anonymous = await (await t.request('/en/')).text()
    expect(anonymous).toContain('href="/en/login"')
    expect(anonymous).not.toContain('href="/en/me"')
  })
})
