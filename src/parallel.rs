//! Two pieces of independent work on the two cores: the one helper behind every two-thread step
//! of the command line and the engine (reading and tokenising the two articles, the gaps' diffs,
//! the name pass's two searches).

use std::sync::Mutex;

/// Runs `here` on this thread and `there` on a new scoped thread named `name`, and returns both
/// results. When no thread can be started, `there` runs here after `here`. A panic on the
/// other thread is resumed here.
pub fn join<A, B>(name: &str, here: impl FnOnce() -> A, there: impl FnOnce() -> B + Send) -> (A, B)
where
    B: Send,
{
    // Where the fallback finds `there` when the thread could not take it.
    let slot = Mutex::new(Some(there));
    let run_there = || {
        let there = slot.lock().ok().and_then(|mut f| f.take());
        there.map(|f| f())
    };
    let (a, b) = std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn_scoped(scope, run_there);
        let a = here();
        let b = match worker {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => run_there(),
        };
        (a, b)
    });
    let Some(b) = b else {
        unreachable!("`there` runs exactly once, on the thread or here")
    };
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_results_come_back_and_the_second_runs_elsewhere() {
        let here_id = std::thread::current().id();
        let (a, (b, there_id)) = join(
            "tabayun-test",
            || 2 + 2,
            || ("b".to_owned(), std::thread::current().id()),
        );
        assert_eq!((a, b.as_str()), (4, "b"));
        assert_ne!(there_id, here_id);
    }

    #[test]
    #[should_panic(expected = "from the other thread")]
    fn a_panic_there_is_resumed_here() {
        let fail = |n: u32| -> u32 {
            assert!(n == 0, "from the other thread");
            n
        };
        let _ = join("tabayun-test", || (), || fail(1));
    }
}
