import type { FormState } from '../../../core/forms'
import type { I18n } from '../../../core/i18n'
import { FormMessage } from '../../../core/views/components'
import type { Cluster } from '../../network/service'
import { type ImportAction, type MemberImport, maxImportRows, requiredColumns } from '../import'
import { ManagerNav } from './cluster'

export function UploadPage(props: { cluster: Cluster; state: FormState; i18n: I18n }) {
  const { cluster, state, i18n } = props
  const { t, locale } = i18n
  const error = state.errors.file
  return (
    <div class="page page--narrow membership">
      <p class="eyebrow">{cluster.cityName}</p>
      <h1>{t('membership.import.title')}</h1>
      <ManagerNav cluster={cluster} i18n={i18n} current="imports" />
      <p class="lead">{t('membership.import.lead')}</p>
      <h2>{t('membership.import.columns_title')}</h2>
      <p>
        {t('membership.import.columns_required')} <code>{requiredColumns.join(', ')}</code>
      </p>
      <p>{t('membership.import.columns_optional')}</p>
      <p>{t('membership.import.update_rule')}</p>
      <p>
        {t('membership.import.template')}{' '}
        <a href={`/${locale}/clusters/${cluster.id}/members.csv`}>{t('membership.members.export')}</a>
      </p>
      <form
        class="form"
        method="post"
        action={`/${locale}/clusters/${cluster.id}/imports`}
        enctype="multipart/form-data"
        novalidate
      >
        <FormMessage state={state} />
        <div class={error ? 'field field--error' : 'field'}>
          <label for="field-file">
            {t('membership.import.file')}
            <span aria-hidden="true"> *</span>
          </label>
          <p class="field__hint" id="field-file-hint">
            {t('membership.import.file_hint', { max: maxImportRows, megabytes: 2 })}
          </p>
          <input
            id="field-file"
            type="file"
            name="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            required
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'field-file-hint field-file-error' : 'field-file-hint'}
          />
          {error && (
            <p class="field__error" id="field-file-error">
              {error}
            </p>
          )}
        </div>
        <button type="submit">{t('membership.import.check')}</button>
      </form>
    </div>
  )
}

const actionLabel = (i18n: I18n, action: ImportAction) => i18n.t(`membership.import.action.${action}`)

function PreviewTable(props: { record: MemberImport; i18n: I18n }) {
  const { record, i18n } = props
  const { t } = i18n
  return (
    <table class="data-table import-table">
      <caption>{t('membership.import.rows', { count: record.total })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('membership.import.row')}</th>
          <th scope="col">{t('membership.field.organisation')}</th>
          <th scope="col">{t('membership.import.outcome')}</th>
          <th scope="col">{t('membership.import.problems')}</th>
        </tr>
      </thead>
      <tbody>
        {record.items.map((item) => (
          <tr class={item.action === 'reject' ? 'import-row--rejected' : undefined}>
            <td>{item.row}</td>
            <th scope="row">{item.name || '—'}</th>
            <td>{actionLabel(i18n, item.action)}</td>
            <td>
              {item.action === 'member' && <p>{t('membership.import.note.admins_keep')}</p>}
              {item.problems.length > 0 && (
                <ul class="problems">
                  {item.problems.map((p) => (
                    <li>
                      <code>{p.field}</code>: {p.message}
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The progress of a running import; htmx polls it and swaps it in until the report replaces it. */
export function ImportProgress(props: { record: MemberImport; i18n: I18n }) {
  const { record, i18n } = props
  const { t, locale } = i18n
  const url = `/${locale}/clusters/${record.clusterId}/imports/${record.id}`
  if (record.status === 'done' || record.status === 'failed')
    return <ImportReportView record={record} i18n={i18n} />
  return (
    <div
      class="import-progress"
      hx-get={`${url}/progress`}
      hx-trigger="every 2s"
      hx-swap="outerHTML"
      role="status"
      aria-live="polite"
    >
      <label for="import-progress-bar">
        {t('membership.import.progress', { processed: record.processed, total: record.total })}
      </label>
      <progress id="import-progress-bar" max={record.total} value={record.processed}>
        {record.processed} / {record.total}
      </progress>
      <p>
        <a href={url}>{t('membership.import.reload')}</a>
      </p>
    </div>
  )
}

function ImportReportView(props: { record: MemberImport; i18n: I18n }) {
  const { record, i18n } = props
  const { t, locale } = i18n
  const report = record.report
  return (
    <section class="import-report" role="status">
      <h2>{record.status === 'failed' ? t('membership.import.failed') : t('membership.import.report')}</h2>
      {report && (
        <>
          <dl class="figures figures--inline">
            <div>
              <dt>{t('membership.import.created')}</dt>
              <dd>{i18n.number(report.created)}</dd>
            </div>
            <div>
              <dt>{t('membership.import.updated')}</dt>
              <dd>{i18n.number(report.updated)}</dd>
            </div>
            <div>
              <dt>{t('membership.import.members_only')}</dt>
              <dd>{i18n.number(report.membersOnly ?? 0)}</dd>
            </div>
            <div>
              <dt>{t('membership.import.rejected')}</dt>
              <dd>{i18n.number(report.rejected.length)}</dd>
            </div>
          </dl>
          {report.rejected.length > 0 && (
            <ul class="problems">
              {report.rejected.map((r) => (
                <li>
                  {t('membership.import.rejected_row', { row: r.row, name: r.name || '—' })}{' '}
                  {r.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <p>
        <a href={`/${locale}/clusters/${record.clusterId}/members`}>{t('membership.members.title')}</a>
      </p>
    </section>
  )
}

export function ImportPage(props: { cluster: Cluster; record: MemberImport; state?: FormState; i18n: I18n }) {
  const { cluster, record, i18n } = props
  const { t, locale } = i18n
  const importable = record.items.filter((i) => i.action !== 'reject').length
  return (
    <div class="page membership">
      <p class="eyebrow">{cluster.cityName}</p>
      <h1>{t('membership.import.file_title', { file: record.fileName })}</h1>
      <ManagerNav cluster={cluster} i18n={i18n} current="imports" />
      {record.status === 'previewed' ? (
        <>
          <p class="lead">
            {t('membership.import.summary', { importable, rejected: record.total - importable })}
          </p>
          <FormMessage state={props.state} />
          {importable > 0 ? (
            <form method="post" action={`/${locale}/clusters/${cluster.id}/imports/${record.id}/confirm`}>
              <button type="submit">{t('membership.import.confirm', { count: importable })}</button>{' '}
              <a href={`/${locale}/clusters/${cluster.id}/imports`}>{t('membership.import.another')}</a>
            </form>
          ) : (
            <p>
              <a href={`/${locale}/clusters/${cluster.id}/imports`}>{t('membership.import.another')}</a>
            </p>
          )}
          <PreviewTable record={record} i18n={i18n} />
        </>
      ) : (
        <ImportProgress record={record} i18n={i18n} />
      )}
    </div>
  )
}
