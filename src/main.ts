import { run } from './run'

// A cache request given up at its time limit may still be retrying in the
// background; the step is over when run() is, so leave without waiting.
void run().finally(() => process.exit())
