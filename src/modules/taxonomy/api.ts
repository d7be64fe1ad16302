import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi'
import { jsonContent, LocalizedSchema } from '../../core/api'
import type { AppEnv } from '../../core/http'
import { getTaxonomy } from './service'

const SectorSchema = z
  .object({
    id: z.string(),
    name: LocalizedSchema,
    color: z.string(),
    nace: z.array(z.object({ code: z.string(), label: z.string() })),
  })
  .openapi('Sector')

const CapabilitySchema = z
  .object({
    id: z.string(),
    sector: z.string().nullable(),
    label: LocalizedSchema,
    terms: z.record(z.string(), z.array(z.string())),
  })
  .openapi('Capability')

export function taxonomyApi(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/sectors',
      tags: ['Taxonomy'],
      summary: 'The nine creative sectors with their NACE Rev. 2 classes',
      responses: { 200: jsonContent(z.object({ items: z.array(SectorSchema) }), 'Sectors') },
    }),
    async (c) => {
      const { sectors } = await getTaxonomy(c.get('ctx'))
      return c.json({ items: sectors.map(({ id, name, color, nace }) => ({ id, name, color, nace })) }, 200)
    },
  )
  api.openapi(
    createRoute({
      method: 'get',
      path: '/capabilities',
      tags: ['Taxonomy'],
      summary: 'What creative actors offer and need, with labels in all six languages',
      responses: { 200: jsonContent(z.object({ items: z.array(CapabilitySchema) }), 'Capabilities') },
    }),
    async (c) => {
      const { capabilities } = await getTaxonomy(c.get('ctx'))
      return c.json(
        {
          items: capabilities.map(({ id, sectorId, label, terms }) => ({
            id,
            sector: sectorId,
            label,
            terms,
          })),
        },
        200,
      )
    },
  )
}
