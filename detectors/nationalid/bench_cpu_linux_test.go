package nationalid

import (
	"runtime"
	"syscall"
	"time"
)

// threadCPU returns the CPU time of the calling thread, so benchmark
// figures stay meaningful on a machine shared with other jobs.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func lockThread()   { runtime.LockOSThread() }
func unlockThread() { runtime.UnlockOSThread() }
