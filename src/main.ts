import { run } from './run'

// The step is over when run() is: leave without waiting for anything left
// in the background (an artifact upload's retries), but only once the log
// has reached the runner, which reads stdout and stderr through pipes.
void run().finally(() => process.stdout.write('', () => process.stderr.write('', () => process.exit())))
