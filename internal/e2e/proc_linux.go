package e2e

import (
	"os"
	"os/exec"
	"syscall"
)

// detach puts cmd in its own process group, so that stopping it reaches
// the workers it forks too. If the test binary dies without running its
// cleanups (a -timeout panic), the process gets SIGTERM, on which nginx
// and httpd take their workers down.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}

// terminate asks the process to shut down.
func terminate(p *os.Process) error { return p.Signal(syscall.SIGTERM) }

// killGroup kills the process group detach created, leader included.
func killGroup(p *os.Process) { _ = syscall.Kill(-p.Pid, syscall.SIGKILL) }
