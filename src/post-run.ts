import * as core from './system/log'
import { errorMessage } from './system/errors'
import { finishJournal } from './benchmark/swap-journal'
import { swapJournal } from './system/workdir'

/**
 * The post step: a main step killed during the benchmark (a SIGKILL, or a
 * cancelled job's last signal) may have left the plain build at the paths
 * the build wrote. Its journal says where; the optimized build goes back
 * where the path still holds what the swap left there, and the log says
 * so. Where it cannot, the step fails naming the paths. After a main step
 * that finished, there is no journal and nothing to say.
 */
export async function finishBenchmarkSwaps(): Promise<void> {
  try {
    // The runner starts the post step in the workspace, as it starts main.
    await finishJournal(swapJournal(process.env), process.env.GITHUB_WORKSPACE || process.cwd(), line => core.warning(line))
  } catch (error) {
    core.setFailed(errorMessage(error))
  }
}
