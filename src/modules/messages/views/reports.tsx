import type { I18n } from '../../../core/i18n'
import { Notice } from '../../../core/views/components'
import type { Cluster } from '../../network/service'

export interface ReportView {
  id: number
  reason: string
  reportedAt: Date
  body: string
  writtenAt: Date
  author: string | null
  organisation: string
  organisationSlug: string
}

/** The manager's list: each reported message alone, never the conversation around it. */
export function ReportsPage(props: { cluster: Cluster; reports: ReportView[]; notice?: string; i18n: I18n }) {
  const { cluster, reports, i18n } = props
  const { t, locale } = i18n
  return (
    <div class="page page--narrow messages">
      <p class="eyebrow">{cluster.cityName}</p>
      <h1>{t('messages.reports.title')}</h1>
      <p class="lead">{t('messages.reports.lead')}</p>
      <Notice text={props.notice} />
      {reports.length === 0 ? (
        <p class="empty-state">{t('messages.reports.empty')}</p>
      ) : (
        <ol class="report-list">
          {reports.map((r) => (
            <li class="report" id={`report-${r.id}`}>
              <p class="message__meta">
                {t('messages.reports.meta', {
                  date: i18n.date(r.writtenAt, { dateStyle: 'medium', timeStyle: 'short' }),
                  person: r.author ?? t('messages.former_member'),
                  organisation: r.organisation,
                })}
              </p>
              <blockquote class="message__body">{r.body}</blockquote>
              <p class="muted">
                {t('messages.reports.reason', {
                  date: i18n.date(r.reportedAt, { dateStyle: 'medium', timeStyle: 'short' }),
                })}
              </p>
              <blockquote class="motivation">{r.reason}</blockquote>
              <form
                class="decision-forms"
                method="post"
                action={`/${locale}/clusters/${cluster.id}/reports/${r.id}`}
              >
                <button type="submit" name="decision" value="dismiss">
                  {t('messages.reports.dismiss')}
                </button>
                <button type="submit" name="decision" value="hide" class="button--danger">
                  {t('messages.reports.hide')}
                </button>
              </form>
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}
