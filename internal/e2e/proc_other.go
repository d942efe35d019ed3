//go:build !linux

package e2e

import (
	"os"
	"os/exec"
)

// detach does nothing where the servers under test do not run as in CI;
// stopping a server there ends only the master process.
func detach(cmd *exec.Cmd) {}

// terminate asks the process to shut down.
func terminate(p *os.Process) error { return p.Signal(os.Interrupt) }

// killGroup kills the process.
func killGroup(p *os.Process) { _ = p.Kill() }
