import type { Module } from '../../core/module'

export const mailModule: Module = {
  name: 'mail',
}
