import { describeResult } from '../benchmark/stats'
import { formatTime } from '../system/units'
import { barChart } from './bar-chart'
import { cell, code, fenced } from './format'
import type { AdviceReport } from './run-report'

/** Which build the paths hold after the advice: the release, or the variant that advice: ship-if-faster shipped, and why. */
function releasedWords(advice: AdviceReport): string {
  const { shipping } = advice
  if (shipping?.shipped)
    return `**Shipped: the variant** (advice: ship-if-faster), as ${cell(shipping.why)}: ${(shipping.paths ?? []).map(file => code(file, 'line')).join(', ')} hold it.`
  if (shipping) return `The released programs are the optimized build's: the variant was not shipped, as ${cell(shipping.why)}.`
  return "The released programs are the optimized build's, not this variant's."
}

/**
 * advice: measure's section: the measured gain of the settings that
 * amplify PGO over the optimized build, what it costs in build time, and,
 * where it is faster, the lines that make it permanent. The release is
 * never the variant.
 */
export function renderAdvice(advice: AdviceReport): string {
  const { result } = advice
  const build = `Its own profile and its build took ${advice.variantSeconds.toFixed(1)} s${advice.optimizedSeconds === undefined ? '' : `, the optimized build's ${advice.optimizedSeconds.toFixed(1)} s`}.`
  const verdict =
    result.verdict === 'faster'
      ? advice.apply.flatMap((place, i) => [
          ...(i > 0 ? [''] : []),
          `${i === 0 ? 'To build the release with it, add to' : 'And to'} ${cell(place.where)}:`,
          '',
          ...fenced(place.lines, place.language)
        ])
      : [
          result.verdict === 'slower'
            ? 'It is slower here: keep the settings as they are.'
            : 'No significant difference here: on this benchmark, the settings cost build time without a measured gain.'
        ]
  return [
    '### What LTO would add',
    '',
    `**${cell(advice.change)} on top of PGO: ${describeResult(result)}: ${result.verdict}**, timed against the optimized build ` +
      `(${result.metric === 'cpu' ? 'CPU' : 'wall'} time, ${result.pairs.length} pairs, ${result.method}). ${build} ` +
      `${releasedWords(advice)} ${advice.missing} functions without profile data in the variant.`,
    '',
    ...fenced(barChart(result, { plain: 'PGO', optimized: 'PGO+LTO' }), 'text'),
    '',
    ...verdict,
    '',
    `<sub>The benchmark ran ${formatTime(result.seconds)}.</sub>`
  ].join('\n')
}
