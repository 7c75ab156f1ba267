/* Preloaded into a program run under Valgrind 3.19 (Debian 12's) by scripts/bench/instructions.sh.
 *
 * An `async` Swift main parks its thread in libdispatch's dispatch_main(), which calls sigsuspend() with a
 * mask kept in read-only memory. Valgrind 3.19 edits the mask in place before the system call (to keep a
 * signal of its own deliverable) and dies of the write: "the 'impossible' happened: Killed by fatal signal".
 * Handing the system call a copy on the stack is what a later Valgrind does itself. */
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, (long)(_NSIG / 8));
}
