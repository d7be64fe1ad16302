import type { Module } from '../../core/module'

export const organisationsModule: Module = {
  name: 'organisations',
}
