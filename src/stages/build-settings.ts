import * as core from '../system/log'
import type { Config } from '../config'
import type { StageOutcome } from '../report/stage'
import { defeatingMessage, describeSettings, settingLines, type BuildSettings } from '../settings/settings'
import type { Toolchain } from '../toolchains/toolchain'

/**
 * The Build settings stage: the settings that decide how much the profile
 * can change the code, shown with where each came from, and a warning for
 * each that leaves PGO little room, before any build.
 */
export async function readBuildSettings(config: Config, toolchain: Toolchain): Promise<StageOutcome<BuildSettings>> {
  const settings = await toolchain.readBuildSettings(config.build)
  settingLines(settings).forEach(line => core.info(line))
  for (const defeating of settings.defeating) core.warning(defeatingMessage(defeating))
  const warned = settings.defeating.length
    ? `; ${settings.defeating.length === 1 ? 'one leaves' : `${settings.defeating.length} leave`} PGO little room (warnings)`
    : ''
  return {
    value: settings,
    result: `${settings.scope}: ${describeSettings(settings.settings) || 'none shown'}${warned}`,
    ...(warned ? { status: 'warning' as const } : {})
  }
}
