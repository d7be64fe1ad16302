import type { Module } from '../../core/module'
import { matchingApi } from './api'
import { matchingPages } from './pages'
import { installMatchProfiles } from './service'

export const matchingModule: Module = {
  name: 'matching',
  api: matchingApi,
  pages: matchingPages,
  install: installMatchProfiles,
}
