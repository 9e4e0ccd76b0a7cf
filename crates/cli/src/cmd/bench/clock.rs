//! The clocks a benchmark reads: this thread's CPU time, exactly, and the machine's load.

/// CPU time this thread has used, in seconds: `clock_gettime(CLOCK_THREAD_CPUTIME_ID)`, which
/// counts in nanoseconds (`/proc/thread-self/schedstat`, read before, moved in 4 ms steps on the
/// machines this was measured on). `None` where the clock is not available.
pub fn thread_cpu_seconds() -> Option<f64> {
    #[cfg(unix)]
    {
        let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: `ts` is a valid, writable timespec; the call only writes it.
        let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        (rc == 0).then(|| ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The load averages over 1, 5 and 15 minutes (`/proc/loadavg`), as Linux prints them.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thread_clock_moves_with_work_and_finer_than_a_millisecond() {
        let Some(a) = thread_cpu_seconds() else { return };
        let mut x = 0u64;
        let mut b = a;
        // Spin until the clock moves; its first step must be far below schedstat's 4 ms.
        while b == a {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            b = thread_cpu_seconds().unwrap();
        }
        assert!(b - a < 0.001, "first step of the thread clock was {} s (x = {x})", b - a);
    }
}
