/*
 * h_network.c - hostile: reach the machine's services from inside the run.
 * A TCP connection to the host's loopback, the abstract unix socket named by
 * argv[1] (the test listens on it, outside), and the session sockets under
 * /run (D-Bus, agents) must all be out of reach. Prints what it got.
 */
#include <dirent.h>
#include <stddef.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static const char *h_result(int r)
{
	if (r == 0)
		return "connected";
	switch (errno) {
	case ENETUNREACH: return "ENETUNREACH";
	case ECONNREFUSED: return "ECONNREFUSED";
	case EPERM: return "EPERM";
	default: return strerror(errno);
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(1) };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	const char *tag = argc > 1 ? argv[1] : "none";
	struct dirent *e;
	DIR *d;
	int s, n = 0;

	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s = socket(AF_INET, SOCK_STREAM, 0);
	printf("tcp: %s\n", s < 0 ? h_result(s) : h_result(connect(s, (void *)&in, sizeof(in))));
	strncpy(un.sun_path + 1, tag, sizeof(un.sun_path) - 2);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	printf("abstract: %s\n",
	       h_result(connect(s, (void *)&un,
				offsetof(struct sockaddr_un, sun_path) + 1 + strlen(tag))));
	d = opendir("/run");
	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	printf("run: %s\n", n ? "not empty" : "empty");
	return 0;
}
