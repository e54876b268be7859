/*
 * h_reach.c - hostile, for fallback mode (no PID namespace): tries to reach
 * the grader (the parent of init's parent, the launcher) and init by pid:
 * signals of every kind, a pidfd (by pidfd_open, or an fd of /proc/PID),
 * its /proc/PID/mem, process_vm_readv, prlimit. Each line says what the
 * kernel answered; all must be refused. It can still signal its own child.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t parent_of(pid_t pid)
{
	char path[64], buf[512], *p;
	int ppid = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')) != NULL)
		sscanf(p + 2, "%*c %d", &ppid);
	fclose(f);
	return ppid;
}

static void say(const char *what, long rc)
{
	printf("%s: %s\n", what, rc < 0 ? strerrorname_np(errno) : "done");
}

static void reach(const char *who, pid_t pid)
{
	char path[64], line[96];
	siginfo_t si;
	struct rlimit rl = { 1, 1 };
	char buf[8];
	struct iovec local = { buf, sizeof(buf) }, remote = { (void *)&buf, sizeof(buf) };
	int fd;

	memset(&si, 0, sizeof(si));
	si.si_code = SI_QUEUE;
	snprintf(line, sizeof(line), "%s kill STOP", who);
	say(line, kill(pid, SIGSTOP));
	snprintf(line, sizeof(line), "%s kill -pgid", who);
	say(line, kill(-getpgid(pid), SIGCONT));
	snprintf(line, sizeof(line), "%s tgkill", who);
	say(line, syscall(SYS_tgkill, pid, pid, SIGSTOP));
	snprintf(line, sizeof(line), "%s tkill", who);
	say(line, syscall(SYS_tkill, pid, SIGSTOP));
	snprintf(line, sizeof(line), "%s sigqueue", who);
	say(line, syscall(SYS_rt_sigqueueinfo, pid, SIGSTOP, &si));
	snprintf(line, sizeof(line), "%s pidfd_open", who);
	say(line, syscall(SYS_pidfd_open, pid, 0));
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	fd = open(path, O_RDONLY | O_DIRECTORY);
	snprintf(line, sizeof(line), "%s pidfd_send_signal", who);
	say(line, syscall(SYS_pidfd_send_signal, fd, SIGSTOP, NULL, 0));
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	snprintf(line, sizeof(line), "%s mem", who);
	say(line, open(path, O_RDWR));
	snprintf(line, sizeof(line), "%s process_vm_readv", who);
	say(line, syscall(SYS_process_vm_readv, pid, &local, 1, &remote, 1, 0));
	snprintf(line, sizeof(line), "%s prlimit", who);
	say(line, prlimit(pid, RLIMIT_NOFILE, &rl, NULL));
}

int main(void)
{
	pid_t init = getppid(), launcher = parent_of(init), grader = parent_of(launcher);
	pid_t child;
	int st = 0;

	reach("grader", grader);
	reach("init", init);
	say("kill(-1)", kill(-1, 0));
	child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	say("own child", kill(child, SIGTERM));
	waitpid(child, &st, 0);
	printf("child: %s\n", WIFSIGNALED(st) ? strsignal(WTERMSIG(st)) : "exited");
	return 0;
}
