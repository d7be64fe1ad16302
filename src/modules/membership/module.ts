import type { Module } from '../../core/module'
import { membershipApi } from './api'
import { loadMembershipDemo } from './demo'
import { membershipPages } from './pages'

export const membershipModule: Module = {
  name: 'membership',
  api: membershipApi,
  pages: membershipPages,
  demo: (db) => loadMembershipDemo(db),
}
