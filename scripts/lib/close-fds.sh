# Sourced by scripts/lab.sh and scripts/lab-sshd.sh before they start a daemon (dockerd, sshd): callers (CI,
# test runners) capture our output, so the daemon must not inherit their pipes or our lock.
close_fds() {
  local fd
  for fd in "/proc/$BASHPID/fd/"*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}
