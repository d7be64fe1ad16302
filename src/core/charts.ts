import * as echarts from 'echarts'

export interface BarDatum {
  label: string
  value: number
  color: string
}

/** A horizontal bar chart rendered to SVG on the server, readable without JavaScript. */
export function barChartSvg(data: BarDatum[], options: { title: string; width?: number }): string {
  const width = options.width ?? 560
  const height = 40 + data.length * 30
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  chart.setOption({
    animation: false,
    aria: { enabled: true, label: { description: options.title } },
    // Server-side text measurement underestimates widths, so the labels get more room than they seem to need.
    grid: { left: 230, right: 40, top: 8, bottom: 24 },
    xAxis: {
      type: 'value',
      minInterval: 1,
      splitLine: { lineStyle: { color: '#d6d6d0' } },
      axisLabel: { color: '#55554f' },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: data.map((d) => d.label),
      axisLabel: { color: '#2b2b28', fontSize: 13, width: 150, overflow: 'truncate' },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        data: data.map((d) => ({ value: d.value, itemStyle: { color: d.color } })),
        barWidth: 18,
        label: { show: true, position: 'right', color: '#2b2b28' },
      },
    ],
  })
  // The page's CSP allows no inline style attributes; SVG takes the same settings as attributes.
  const svg = chart
    .renderToSVGString()
    .replace(/style="font-size:([\d.]+px);font-family:([^;"]+);"/g, 'font-size="$1" font-family="$2"')
  chart.dispose()
  return svg
}

export interface GraphNode {
  id: string
  /** The node's label, e.g. the city's name and its local figure. */
  label: string
  /** Drives the node's size. */
  value: number
  color: string
}

export interface GraphLink {
  source: string
  target: string
  value: number
}

/**
 * A graph of nodes on a circle with links whose width and label give their value, rendered to SVG on the
 * server. The page shows the same numbers in a table beside it.
 */
export function graphChartSvg(
  nodes: GraphNode[],
  links: GraphLink[],
  options: { title: string; width?: number; height?: number },
): string {
  const width = options.width ?? 480
  const height = options.height ?? 420
  const maxNode = Math.max(1, ...nodes.map((n) => n.value))
  const maxLink = Math.max(1, ...links.map((l) => l.value))
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  chart.setOption({
    animation: false,
    aria: { enabled: true, label: { description: options.title } },
    series: [
      {
        type: 'graph',
        layout: 'circular',
        circular: { rotateLabel: false },
        // Room around the circle for the labels above the nodes.
        top: 70,
        bottom: 40,
        left: 70,
        right: 70,
        data: nodes.map((n) => ({
          id: n.id,
          name: n.label,
          symbolSize: 18 + 30 * (n.value / maxNode),
          itemStyle: { color: n.color, borderColor: '#fff', borderWidth: 2 },
          label: {
            show: true,
            position: 'top',
            distance: 6,
            color: '#2b2b28',
            fontSize: 13,
            fontWeight: 600,
          },
        })),
        links: links.map((l) => ({
          source: l.source,
          target: l.target,
          value: l.value,
          lineStyle: { width: 1 + 9 * (l.value / maxLink), color: '#8d8d86', opacity: 0.85 },
          label: { show: true, formatter: String(l.value), color: '#1b1b19', fontSize: 12 },
        })),
      },
    ],
  })
  // As above, without inline style attributes; the labels here also carry a font weight.
  const svg = chart.renderToSVGString().replace(/style="([^"]*)"/g, (_, declarations: string) =>
    declarations
      .split(';')
      .filter((d) => d.includes(':'))
      .map((d) => {
        const [name, value] = d.split(':')
        return `${name.trim()}="${value.trim()}"`
      })
      .join(' '),
  )
  chart.dispose()
  return svg
}

export interface LineSeries {
  label: string
  values: number[]
  color: string
}

/** A line chart over time (one point per category, e.g. month) rendered to SVG on the server. */
export function lineChartSvg(
  categories: string[],
  series: LineSeries[],
  options: { title: string; width?: number; height?: number },
): string {
  const width = options.width ?? 560
  const height = options.height ?? 220
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  chart.setOption({
    animation: false,
    aria: { enabled: true, label: { description: options.title } },
    grid: { left: 48, right: 16, top: series.length > 1 ? 36 : 12, bottom: 28 },
    legend: series.length > 1 ? { top: 0, textStyle: { color: '#2b2b28' } } : undefined,
    xAxis: {
      type: 'category',
      data: categories,
      axisLabel: { color: '#55554f', hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitLine: { lineStyle: { color: '#d6d6d0' } },
      axisLabel: { color: '#55554f' },
    },
    series: series.map((s) => ({
      type: 'line',
      name: s.label,
      data: s.values,
      step: 'end',
      showSymbol: false,
      lineStyle: { color: s.color, width: 2 },
      itemStyle: { color: s.color },
    })),
  })
  const svg = chart
    .renderToSVGString()
    .replace(/style="font-size:([\d.]+px);font-family:([^;"]+);"/g, 'font-size="$1" font-family="$2"')
  chart.dispose()
  return svg
}
