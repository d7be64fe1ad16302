import type { Module } from '../../core/module'
import { provideNavCities } from '../../core/views/layout'
import { networkApi } from './api'
import { networkPages } from './pages'
import { installFoundingPartners, installNetwork, navigationCities } from './service'

provideNavCities(navigationCities)

export const networkModule: Module = {
  name: 'network',
  api: networkApi,
  pages: networkPages,
  install: (db) => installNetwork(db),
  demo: (db) => installFoundingPartners(db),
}
