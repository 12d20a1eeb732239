//! Two pieces of independent work on the two cores: the one helper behind every two-thread step
//! of the command line and the engine (reading and tokenising the two articles, the gaps' diffs,
//! the name pass's two searches, the PDF's two articles).
//!
//! It is `rayon`'s work-stealing join on a pool of one worker per core. A join on a worker runs
//! the first piece there and leaves the second for the other worker to take; when no one has
//! taken it by the time the first is done, the same worker runs it. Nothing waits for a thread to
//! start or to end. Before, each join started a scoped thread: on this project's two-core
//! machines a new thread could wait 2–4 ms for its core (`perf sched`), and the join waited for
//! it, even when it had nothing left to do (the gaps' shared counter was empty); the 100k-word
//! pairs' medians moved by 4–5 ms from it (issue 15).

/// Runs `here` and `there`, on the two cores when the other one is free, and returns both
/// results. A panic in either is resumed here.
pub fn join<A, B>(here: impl FnOnce() -> A + Send, there: impl FnOnce() -> B + Send) -> (A, B)
where
    A: Send,
    B: Send,
{
    rayon::join(here, there)
}

/// Starts the pool's workers now (one per core, named `tabayun-worker-N`), so that they are up
/// by the time the first join comes. A pool that already exists is kept.
pub fn start_workers() {
    let _ = rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("tabayun-worker-{i}"))
        .build_global();
}

/// Runs `work` on one of the pool's workers and waits for it: a join inside it is then a
/// worker's own, whose second piece this worker takes back when the other has not, instead of
/// handing the whole join to the pool from outside it.
pub fn on_worker<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    rayon::scope(|_| work())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_results_come_back_in_order() {
        let (a, b) = join(|| 2 + 2, || "b".to_owned());
        assert_eq!((a, b.as_str()), (4, "b"));
        let (a, (b, c)) = on_worker(|| join(|| 1, || join(|| 2, || 3)));
        assert_eq!((a, b, c), (1, 2, 3));
    }

    #[test]
    #[should_panic(expected = "from the other piece")]
    fn a_panic_there_is_resumed_here() {
        let fail = |n: u32| -> u32 {
            assert!(n == 0, "from the other piece");
            n
        };
        let _ = join(|| (), || fail(1));
    }
}
