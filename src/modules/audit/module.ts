import type { Module } from '../../core/module'
import { auditPages } from './pages'

export const auditModule: Module = {
  name: 'audit',
  pages: auditPages,
}
