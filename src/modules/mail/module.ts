import type { Module } from '../../core/module'
import { mailPages } from './pages'

export const mailModule: Module = {
  name: 'mail',
  pages: mailPages,
}
