import { finishBenchmarkSwaps } from './post-run'

// The runner runs this after the main step however it ended: failed, cancelled or killed.
void finishBenchmarkSwaps().finally(() => process.stdout.write('', () => process.stderr.write('', () => process.exit())))
