import type { Module } from '../../core/module'
import { taxonomyApi } from './api'
import { installTaxonomy } from './service'

export const taxonomyModule: Module = {
  name: 'taxonomy',
  api: taxonomyApi,
  install: (db) => installTaxonomy(db),
}
