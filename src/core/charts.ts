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
