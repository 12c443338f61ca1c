import type { ProfileReport } from './run-report'

// What can make the same workload train a different profile in every run,
// as far as the run itself shows it.

/** Sampled workloads shorter than this train profiles whose counts vary from run to run. */
const SHORT_WORKLOAD_SECONDS = 1
/** Functions of randomly seeded hashing: Rust's HashMap hashes with a new key in every process. */
const RANDOM_HASHING = /RandomState|sip::Hasher|SipHasher|hashbrown|ahash/

/** What in this run can make its profiles differ from run to run, in words. */
export function likelyCauses(profile: Pick<ProfileReport, 'hottest' | 'kind'>, workloadSeconds: number): string[] {
  const causes: string[] = []
  const hashing = (profile.hottest ?? []).filter(fn => RANDOM_HASHING.test(fn.name))
  if (hashing.length > 0) {
    causes.push(
      `randomly seeded hashing is among the hottest functions (${hashing[0].name}), so its counts change in every run: a fixed hasher or a BTreeMap makes them repeat`
    )
  }
  // Instrumented counts are exact, however short the run; a CPU profiler samples about 100 times a second.
  if (profile.kind === 'samples' && workloadSeconds < SHORT_WORKLOAD_SECONDS) {
    causes.push(`the workloads ran for ${workloadSeconds.toFixed(2)} s, too few CPU samples for the counts to settle: give them more work`)
  }
  return causes
}
