import type { Hono } from 'hono'
import { validationError } from '../../core/errors'
import { type AppEnv, localePath, renderPage } from '../../core/http'
import { listClusters } from '../network/service'
import { type AuditQuery, auditFilterSchema, listAudit } from './service'

const pageLink = (locale: string, query: AuditQuery, page: number) => {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries({ ...query, page }))
    if (v !== undefined && v !== '') params.set(k, String(v))
  return `/${locale}/admin/audit?${params}`
}

const compact = (value: unknown) =>
  value === null || value === undefined ? '' : JSON.stringify(value, null, 1)

export function auditPages(app: Hono<AppEnv>) {
  app.get(`${localePath}/admin/audit`, async (c) => {
    const ctx = c.get('ctx')
    const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ''))
    const parsed = auditFilterSchema.safeParse(raw)
    if (!parsed.success) throw validationError(parsed.error, ctx.i18n)
    const query = parsed.data
    const [result, clusters] = await Promise.all([listAudit(ctx, query), listClusters(ctx)])
    const { t, locale } = ctx.i18n
    return renderPage(
      c,
      { title: t('audit.title') },
      <div class="page audit">
        <h1>{t('audit.title')}</h1>
        <form class="filters" method="get" action={`/${locale}/admin/audit`}>
          <label>
            {t('audit.filter.action')}
            <select name="action">
              <option value="">{t('audit.filter.any')}</option>
              {result.actions.map((a) => (
                <option value={a} selected={a === query.action}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('audit.filter.subject')}
            <select name="subject">
              <option value="">{t('audit.filter.any')}</option>
              {result.subjects.map((s) => (
                <option value={s} selected={s === query.subject}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('audit.filter.city')}
            <select name="city">
              <option value="">{t('audit.filter.any')}</option>
              {clusters.map((cl) => (
                <option value={cl.id} selected={cl.id === query.city}>
                  {cl.cityName}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('audit.filter.person')}
            <input type="search" name="person" value={query.person ?? ''} maxlength={254} />
          </label>
          <label>
            {t('audit.filter.from')}
            <input type="date" name="from" value={query.from ?? ''} />
          </label>
          <label>
            {t('audit.filter.until')}
            <input type="date" name="until" value={query.until ?? ''} />
          </label>
          <button type="submit">{t('audit.filter.apply')}</button>
        </form>
        {result.entries.length === 0 ? (
          <p>{t('audit.empty')}</p>
        ) : (
          <div class="table-scroll">
            <table class="data-table data-table--text">
              <thead>
                <tr>
                  <th scope="col">{t('audit.column.when')}</th>
                  <th scope="col">{t('audit.column.who')}</th>
                  <th scope="col">{t('audit.column.action')}</th>
                  <th scope="col">{t('audit.column.subject')}</th>
                  <th scope="col">{t('audit.column.change')}</th>
                </tr>
              </thead>
              <tbody>
                {result.entries.map((e) => (
                  <tr>
                    <td>
                      <time datetime={e.at.toISOString()}>
                        {ctx.i18n.date(e.at, { dateStyle: 'short', timeStyle: 'medium' })}
                      </time>
                    </td>
                    <td>{e.userEmail ?? t('audit.system')}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>
                      {e.subjectType} {e.subjectId}
                      {e.clusterId ? ` · ${e.clusterId}` : ''}
                    </td>
                    <td>
                      {(e.before !== null || e.after !== null) && (
                        <details>
                          <summary>{t('audit.column.show')}</summary>
                          <div class="audit__change">
                            <div>
                              <strong>{t('audit.before')}</strong>
                              <pre>{compact(e.before)}</pre>
                            </div>
                            <div>
                              <strong>{t('audit.after')}</strong>
                              <pre>{compact(e.after)}</pre>
                            </div>
                          </div>
                        </details>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav class="pager" aria-label={t('audit.pages')}>
          {query.page > 1 && <a href={pageLink(locale, query, query.page - 1)}>{t('audit.newer')}</a>}
          {result.hasMore && <a href={pageLink(locale, query, query.page + 1)}>{t('audit.older')}</a>}
        </nav>
      </div>,
    )
  })
}
